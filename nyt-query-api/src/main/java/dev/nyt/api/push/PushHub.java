package dev.nyt.api.push;

import dev.nyt.events.NotificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who is connected, per user; hands each event of {@code nyt-notifications} to that user's connections. */
public final class PushHub {

    private static final Logger log = LoggerFactory.getLogger(PushHub.class);

    private final ConcurrentHashMap<String, Set<PushConnection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter dropped;
    private final Counter pushed;

    public PushHub(MeterRegistry registry) {
        Gauge.builder("nyt.push.connections", connections, AtomicInteger::get)
                .description("Open SSE and WebSocket clients").register(registry);
        this.dropped = Counter.builder("nyt.push.dropped.clients")
                .description("Clients dropped because their queue was full").register(registry);
        this.pushed = Counter.builder("nyt.push.messages")
                .description("Events queued for realtime clients").register(registry);
    }

    /** Registers the connection, then starts its writer with what it missed ({@code catchUp}). */
    public void connect(PushConnection connection, Supplier<List<PushMessage>> catchUp) {
        byUser.computeIfAbsent(connection.userId(), user -> ConcurrentHashMap.newKeySet()).add(connection);
        connections.incrementAndGet();
        connection.onClose(() -> disconnect(connection));
        connection.start(catchUp);
    }

    private void disconnect(PushConnection connection) {
        byUser.computeIfPresent(connection.userId(), (user, set) -> {
            if (set.remove(connection)) {
                connections.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    public void publish(NotificationEvent event) {
        Set<PushConnection> targets = byUser.get(event.userId());
        if (targets == null || targets.isEmpty()) {
            return;
        }
        PushMessage message = PushMessage.of(event);
        for (PushConnection connection : targets) {
            if (connection.offer(message)) {
                pushed.increment();
            } else if (!connection.closed()) {
                log.info("Dropping a realtime client of user {}: it does not keep up", connection.userId());
                dropped.increment();
                connection.close();
            }
        }
    }

    /** Whether the user has a realtime client here (cheap: no event needed). */
    public boolean connected(String userId) {
        Set<PushConnection> targets = byUser.get(userId);
        return targets != null && !targets.isEmpty();
    }

    public int connections() {
        return connections.get();
    }
}

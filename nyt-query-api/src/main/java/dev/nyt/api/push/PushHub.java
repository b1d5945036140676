package dev.nyt.api.push;

import dev.nyt.events.NotificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is connected, per user, and the live stream's position: hands each event of {@code nyt-notifications}
 * to the queues of its user's connections.
 *
 * <p>The push consumer hands over each poll under the hub's lock, and a connection registers under the same
 * lock. So the position a registration answers is exact: every event after it reaches the new connection's
 * queue and none before it does, which is what lets a resume merge a catch-up with the live events without a
 * gap or a double.
 */
public final class PushHub {

    private static final Logger log = LoggerFactory.getLogger(PushHub.class);

    private final ConcurrentHashMap<String, Set<PushConnection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ReentrantLock handOff = new ReentrantLock();
    /** Guarded by {@link #handOff}: per partition, the offset after the last record handed over. */
    private final Map<Integer, Long> live = new HashMap<>();
    /** Guarded by {@link #handOff}: every partition count of the topic this instance has read with. */
    private final Set<Integer> partitionCounts = new TreeSet<>();
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

    /**
     * Registers the connection for live events and answers the live stream's position on the partitions
     * that hold the user's events: every event after it will reach the connection's queue, none before it.
     */
    StreamPosition register(PushConnection connection) {
        handOff.lock();
        try {
            connection.onClose(() -> unregister(connection));
            byUser.computeIfAbsent(connection.userId(), user -> ConcurrentHashMap.newKeySet()).add(connection);
            connections.incrementAndGet();
            if (connection.closed()) {
                unregister(connection); // closed before it was registered: its onClose ran too early
            }
            return new StreamPosition(live).only(partitionsOf(connection.userId()));
        } finally {
            handOff.unlock();
        }
    }

    private void unregister(PushConnection connection) {
        byUser.computeIfPresent(connection.userId(), (user, set) -> {
            if (set.remove(connection)) {
                connections.decrementAndGet();
            }
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * The partitions nyt's partitioner (Kafka's default: murmur2 of the key, the user id) gives the user under
     * every partition count this instance has read the topic with. Guarded by {@link #handOff}.
     */
    private Set<Integer> partitionsOf(String userId) {
        byte[] key = userId.getBytes(StandardCharsets.UTF_8);
        Set<Integer> partitions = new TreeSet<>();
        for (int count : partitionCounts) {
            partitions.add(Utils.toPositive(Utils.murmur2(key)) % count);
        }
        return partitions;
    }

    /**
     * Runs one hand-off of the push consumer ({@link #publish}, {@link #advance}, {@link #readFrom}) so that no
     * connection registers in the middle of it.
     */
    void handOff(Runnable work) {
        handOff.lock();
        try {
            work.run();
        } finally {
            handOff.unlock();
        }
    }

    /** The consumer reads the topic with {@code partitions} partitions, starting at {@code position}. In a hand-off. */
    void readFrom(int partitions, StreamPosition position) {
        assert handOff.isHeldByCurrentThread();
        partitionCounts.add(partitions);
        live.putAll(position.next());
    }

    /** Everything before {@code next} on {@code partition} has been handed over. In a hand-off. */
    void advance(int partition, long next) {
        assert handOff.isHeldByCurrentThread();
        live.put(partition, next);
    }

    /** Queues the event, read at {@code offset} of {@code partition}, for its user's connections. In a hand-off. */
    void publish(int partition, long offset, NotificationEvent event) {
        assert handOff.isHeldByCurrentThread();
        Set<PushConnection> targets = byUser.get(event.userId());
        if (targets == null || targets.isEmpty()) {
            return;
        }
        LiveEvent live = new LiveEvent(partition, offset, PushMessage.of(event));
        for (PushConnection connection : targets) {
            if (connection.offer(live)) {
                pushed.increment();
            } else if (!connection.closed()) {
                log.info("Dropping a realtime client of user {}: it does not keep up (it resumes when it reconnects)",
                        connection.userId());
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

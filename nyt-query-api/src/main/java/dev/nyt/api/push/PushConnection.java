package dev.nyt.api.push;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime client (an SSE stream or a WebSocket) of one user. The push consumer only {@link #offer}s
 * into a bounded queue; the connection's own virtual thread writes to the network: first what its start
 * ({@link Resume}) sends, then the queued live events its {@link Delivery} admits, each burst of them followed by
 * the badge counts when they changed ({@link Badge}). A client that does not
 * keep up fills its queue and is dropped (it reconnects and resumes from its cursor), so one slow client never
 * holds up the others.
 */
public abstract class PushConnection {

    private static final Logger log = LoggerFactory.getLogger(PushConnection.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final String userId;
    private final BlockingQueue<LiveEvent> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onClose = () -> { };

    protected PushConnection(String userId, int capacity) {
        this.userId = userId;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public String userId() {
        return userId;
    }

    /** Queues the event; false when the queue is full (the caller drops the connection). */
    boolean offer(LiveEvent event) {
        return !closed.get() && queue.offer(event);
    }

    void onClose(Runnable onClose) {
        this.onClose = onClose;
    }

    /** What the writer does first: register the connection and say what to send before the live events. */
    @FunctionalInterface
    interface Opening {
        Resume.Start begin() throws InterruptedException;
    }

    /**
     * Starts the writer on a virtual thread: first what {@code opening} answers, then the live events, as its
     * delivery admits them.
     */
    void start(Opening opening) {
        Thread.ofVirtual().name("nyt-push-" + userId).start(() -> write(opening));
    }

    private void write(Opening opening) {
        try {
            Resume.Start start = opening.begin();
            for (PushMessage message : start.first()) {
                if (closed.get() || isBroken()) {
                    close(); // gone while the start waited for the read model
                    return;
                }
                send(message);
            }
            Delivery delivery = start.delivery();
            Badge badge = start.badge();
            while (!closed.get()) {
                boolean countsDue = badge != null && badge.due();
                LiveEvent event = countsDue ? queue.poll() : queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null && countsDue) {
                    PushMessage counts = badge.follow(); // the queue is drained: the counts after the burst
                    if (counts != null) {
                        send(counts);
                    }
                } else if (event == null) {
                    heartbeat();
                } else if (delivery.admit(event)) {
                    send(event.message());
                    if (badge != null) {
                        badge.changed(event);
                    }
                }
                if (isBroken()) {
                    close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        } catch (RuntimeException e) {
            log.debug("Realtime client of user {} went away: {}", userId, e.getMessage());
            close();
        }
    }

    /** Ends the connection (idempotent): stops the writer, unregisters, closes the transport. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
            try {
                closeTransport();
            } catch (RuntimeException e) {
                log.debug("Closing a realtime client of user {} failed: {}", userId, e.getMessage());
            }
        }
    }

    public boolean closed() {
        return closed.get();
    }

    /** Writes one message, blocking until the transport took it. */
    protected abstract void send(PushMessage message);

    protected abstract void heartbeat();

    protected abstract boolean isBroken();

    protected abstract void closeTransport();
}

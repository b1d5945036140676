package dev.nyt.api.push;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime client (an SSE stream or a WebSocket) of one user. The push consumer only {@link #offer}s
 * into a bounded queue; the connection's own virtual thread writes to the network. A client that does not
 * keep up fills its queue and is dropped (it reconnects, and SSE clients resume with Last-Event-ID), so one
 * slow client never holds up the others.
 */
public abstract class PushConnection {

    private static final Logger log = LoggerFactory.getLogger(PushConnection.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final String userId;
    private final BlockingQueue<PushMessage> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Runnable onClose = () -> { };

    protected PushConnection(String userId, int capacity) {
        this.userId = userId;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public String userId() {
        return userId;
    }

    /** Queues the message; false when the queue is full (the caller drops the connection). */
    boolean offer(PushMessage message) {
        return !closed.get() && queue.offer(message);
    }

    void onClose(Runnable onClose) {
        this.onClose = onClose;
    }

    /** Starts the writer: first what {@code catchUp} finds (oldest first), then the live events not already sent. */
    void start(Supplier<List<PushMessage>> catchUp) {
        Thread.ofVirtual().name("nyt-push-" + userId).start(() -> write(catchUp));
    }

    private void write(Supplier<List<PushMessage>> catchUp) {
        try {
            long sentUpTo = Long.MIN_VALUE;
            for (PushMessage message : catchUp.get()) {
                send(message);
                sentUpTo = Math.max(sentUpTo, message.id() == null ? sentUpTo : message.id());
            }
            while (!closed.get()) {
                PushMessage message = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (message == null) {
                    heartbeat();
                } else if (!message.createdUpTo(sentUpTo)) {
                    send(message);
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

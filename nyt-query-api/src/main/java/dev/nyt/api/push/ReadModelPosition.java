package dev.nyt.api.push;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the read model has projected {@code nyt-notifications} (the offsets the projectors store with their
 * rows, whichever instance wrote them), for connections that wait for it to reach their live position.
 *
 * <p>One virtual thread reads it, every {@code interval} and only while someone waits, however many
 * connections wait: a thousand clients resuming at once cost one small query per interval, not a thousand.
 */
final class ReadModelPosition implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadModelPosition.class);

    /** How a wait ended. */
    enum Outcome { REACHED, BEHIND, UNAVAILABLE }

    private final Supplier<StreamPosition> read;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition waiterArrived = lock.newCondition();
    private final Condition positionRead = lock.newCondition();
    private final Thread reader;
    /** Guarded by {@link #lock}. */
    private StreamPosition latest = StreamPosition.NONE;
    private boolean failing;
    private int waiting;
    private boolean closed;

    ReadModelPosition(Supplier<StreamPosition> read, Duration interval) {
        this.read = read;
        this.intervalNanos = interval.toNanos();
        this.reader = Thread.ofVirtual().name("nyt-push-read-model-position").start(this::readWhileWaited);
    }

    /**
     * Waits, at most {@code timeout}, until the read model is at least at {@code target}: REACHED, else BEHIND,
     * or UNAVAILABLE when its last read failed.
     */
    Outcome await(StreamPosition target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            waiting++;
            waiterArrived.signal();
            try {
                while (!target.reachedBy(latest)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        return failing ? Outcome.UNAVAILABLE : Outcome.BEHIND;
                    }
                    positionRead.awaitNanos(left);
                }
                return Outcome.REACHED;
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    private void readWhileWaited() {
        while (awaitWaiter()) {
            StreamPosition position = null;
            try {
                position = read.get();
            } catch (RuntimeException e) {
                log.debug("Cannot read the read model's position: {}", e.getMessage());
            }
            lock.lock();
            try {
                failing = position == null;
                if (position != null) {
                    latest = position;
                }
                positionRead.signalAll();
            } finally {
                lock.unlock();
            }
            LockSupport.parkNanos(intervalNanos);
        }
    }

    /** Blocks until someone waits; false once closed. */
    private boolean awaitWaiter() {
        lock.lock();
        try {
            while (waiting == 0 && !closed) {
                waiterArrived.await();
            }
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            waiterArrived.signalAll();
            positionRead.signalAll();
        } finally {
            lock.unlock();
        }
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.nyt.api.push;

/**
 * What one connection still owes its client after its start, and its resume cursor: the merge of the catch-up
 * (a read-model snapshot at {@link #snapshot}) with the live events queued since the connection registered.
 *
 * <p>A live event behind the snapshot's position is already reflected in the catch-up and is skipped; every
 * later one is sent, so the client gets the snapshot's state and then every event after it, each once. A
 * creation of an id the client already has (at or below the cursor) is skipped too: a live stream that is
 * behind the read model (this instance's push consumer late, or a client coming from another instance) never
 * sends a notification twice. Owned by the connection's writer thread.
 */
final class Delivery {

    /** The cursor of a client that has not been told one yet (a fresh stream whose read model did not answer). */
    static final long UNKNOWN = -1;

    private final StreamPosition snapshot;
    private long cursor;

    /**
     * @param snapshot where the catch-up's snapshot was ({@link StreamPosition#NONE} when there was none: every
     *                 queued live event is sent)
     * @param cursor   the highest notification id the client has, {@link #UNKNOWN} when not known
     */
    Delivery(StreamPosition snapshot, long cursor) {
        this.snapshot = snapshot;
        this.cursor = cursor;
    }

    /** Whether to send this live event; a sent creation moves the cursor to its id. */
    boolean admit(LiveEvent event) {
        if (snapshot.covers(event.partition(), event.offset())) {
            return false;
        }
        PushMessage message = event.message();
        if (message.creation()) {
            if (message.notificationId() <= cursor) {
                return false;
            }
            cursor = message.notificationId();
        }
        return true;
    }

    /** The highest notification id the client has; {@link #UNKNOWN} when none is known. */
    long cursor() {
        return cursor;
    }
}

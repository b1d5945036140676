package dev.nyt.client;

/**
 * Where a {@code notify} went: the event id (the idempotency key) and the record's position, or
 * {@link #suppressed()} when a {@link NotifyScope} had notify switched off and nothing was sent.
 */
public record Published(String eventId, String topic, int partition, long offset, boolean suppressed) {

    static Published suppressed(String eventId) {
        return new Published(eventId, null, -1, -1L, true);
    }
}

package dev.nyt.digest.state;

/** One notification in a prepared digest, with the occurrence count the mail shows. */
public record OutboxItem(long notificationId, String subscriptionId, int occurrences, long pendingSince) {
}

package dev.nyt.api.push;

/** An event as the push consumer handed it to a connection: where it was in {@code nyt-notifications}, and the message. */
record LiveEvent(int partition, long offset, PushMessage message) {
}

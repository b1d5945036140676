package dev.nyt.events;

import java.time.Instant;

/**
 * The full state of one notification, as both {@link NotificationCreated} and
 * {@link NotificationUpdated} carry it, so a consumer can upsert from either alone.
 */
public sealed interface NotificationState permits NotificationCreated, NotificationUpdated {

    long id();

    String userId();

    /** Null once the subscription was deleted (django-nyt nullifies the link). */
    String subscriptionId();

    String settingsId();

    String key();

    String message();

    String url();

    Target target();

    int occurrences();

    boolean isViewed();

    boolean isEmailed();

    Instant created();

    Instant modified();

    /** The event that created the notification, or that added its latest occurrence. */
    String eventId();

    static void validate(long id, String userId, String key, String message, int occurrences) {
        Limits.requirePositive("id", id);
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.require("message", message);
        if (occurrences < 1) {
            throw new InvalidEventException("occurrences", "must be at least 1, was " + occurrences);
        }
    }
}

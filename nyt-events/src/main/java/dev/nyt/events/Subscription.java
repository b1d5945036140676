package dev.nyt.events;

import java.time.Instant;

/**
 * One subscription as the fan-out registry keeps it, on the compacted {@code nyt-subscriptions}
 * topic keyed by {@code subscriptionId}; a tombstone means it was unsubscribed.
 */
public record Subscription(
        String subscriptionId,
        String userId,
        String settingsId,
        String key,
        Target target,
        boolean sendEmails,
        Instant created) {

    public Subscription {
        Limits.requireText("subscriptionId", subscriptionId, Limits.MAX_ID_LENGTH);
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
        Limits.requireText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.require("created", created);
    }
}

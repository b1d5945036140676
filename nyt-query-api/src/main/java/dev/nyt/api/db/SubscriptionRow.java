package dev.nyt.api.db;

import dev.nyt.events.Target;
import java.time.Instant;

/** One subscription of the caller, with the id of its latest notification (null when none). */
public record SubscriptionRow(
        String subscriptionId,
        String settingsId,
        String key,
        Target target,
        boolean sendEmails,
        Long latest,
        Instant created,
        Instant lastSent) {
}

package dev.nyt.digest.state;

import dev.nyt.events.NotificationState;
import java.time.Instant;

/**
 * A notification not yet e-mailed, as the digest needs it: what the templates show, which
 * subscription decides when it is due, and since when it waits (for the oldest-pending metric).
 */
public record PendingNotification(
        long id,
        String subscriptionId,
        String settingsId,
        String key,
        String message,
        String url,
        int occurrences,
        boolean viewed,
        Instant created,
        long pendingSince) {

    public static PendingNotification of(NotificationState n, long pendingSince) {
        return new PendingNotification(n.id(), n.subscriptionId(), n.settingsId(), n.key(), n.message(), n.url(),
                n.occurrences(), n.isViewed(), n.created(), pendingSince);
    }
}

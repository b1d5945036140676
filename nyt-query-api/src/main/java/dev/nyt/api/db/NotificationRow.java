package dev.nyt.api.db;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.Target;
import java.time.Instant;

/** One notification as the read model holds it, with its type's label, and its seen and archived states. */
public record NotificationRow(
        long id,
        String userId,
        String subscriptionId,
        String settingsId,
        String key,
        String typeLabel,
        String message,
        String url,
        Target target,
        int occurrences,
        boolean isViewed,
        boolean isEmailed,
        Instant created,
        Instant modified,
        String eventId,
        boolean isSeen,
        boolean isArchived) {

    /** The full state as the event the realtime stream sends when a client catches up. */
    public NotificationCreated toEvent() {
        return new NotificationCreated(id, userId, subscriptionId, settingsId, key, message, url, target,
                occurrences, isViewed, isEmailed, created, modified, eventId);
    }
}

package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A new notification for one user, with its id (positive, unique, increasing per user).
 */
public record NotificationCreated(
        long id,
        String userId,
        String subscriptionId,
        String settingsId,
        String key,
        String message,
        String url,
        Target target,
        int occurrences,
        @JsonProperty("isViewed") boolean isViewed,
        @JsonProperty("isEmailed") boolean isEmailed,
        Instant created,
        Instant modified,
        String eventId) implements NotificationEvent, NotificationState {

    public NotificationCreated {
        NotificationState.validate(id, userId, key, message, occurrences);
    }
}

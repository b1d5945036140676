package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A repeat coalesced into an existing unviewed notification: {@code occurrences} went up and
 * {@code isEmailed} was reset, so the next digest mentions it again.
 */
public record NotificationUpdated(
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

    public NotificationUpdated {
        NotificationState.validate(id, userId, key, message, occurrences);
    }
}

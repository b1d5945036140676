package dev.nyt.events;

import java.time.Instant;
import java.util.List;

/**
 * A digest e-mail could not be delivered for good (5xx, bad address, user without e-mail).
 * Transient failures are retried and never produce this event.
 */
public record DigestFailed(
        String digestId,
        String userId,
        String settingsId,
        String email,
        List<Long> notificationIds,
        List<String> subscriptionIds,
        String reason,
        Instant failedAt) implements EmailEvent {

    public DigestFailed {
        Limits.requireText("digestId", digestId, Limits.MAX_ID_LENGTH);
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
        notificationIds = List.copyOf(Limits.require("notificationIds", notificationIds));
        subscriptionIds = List.copyOf(Limits.require("subscriptionIds", subscriptionIds));
        Limits.requireText("reason", reason, Limits.MAX_MESSAGE_LENGTH);
        Limits.require("failedAt", failedAt);
    }
}

package dev.nyt.events;

import java.time.Instant;
import java.util.List;

/**
 * A digest e-mail went out. The read model marks {@code notificationIds} e-mailed and sets
 * {@code lastSent} of {@code subscriptionIds} to {@code sentAt}. {@code messageId} is stable per
 * digest, so a resend after a crash can be recognised. {@code interval} -1 means the notifications
 * were only marked e-mailed and nothing was sent.
 */
public record DigestSent(
        String digestId,
        String messageId,
        String userId,
        String settingsId,
        String email,
        String subject,
        String template,
        int interval,
        List<Long> notificationIds,
        List<String> subscriptionIds,
        Instant sentAt) implements EmailEvent {

    public DigestSent {
        Limits.requireText("digestId", digestId, Limits.MAX_ID_LENGTH);
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
        notificationIds = List.copyOf(Limits.require("notificationIds", notificationIds));
        subscriptionIds = List.copyOf(Limits.require("subscriptionIds", subscriptionIds));
        Limits.require("sentAt", sentAt);
    }
}

package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Mark a user's notifications seen (the bell was opened: the badge clears, they stay unread) on {@code nyt-notification-status} keyed by user: ids {@code <= idLte}, {@code >= idGte} when given,
 * of type {@code key} when given, whose key matches {@code keyGlob} when given. Confirmed on
 * {@code nyt-notifications} as {@link NotificationsSeen}.
 */
@JsonTypeName("markSeen")
public record MarkSeen(String userId, long idLte, Long idGte, String key, String keyGlob, Instant requestedAt)
        implements StatusCommand {

    public MarkSeen {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
    }

    @Override
    public NotificationsSeen confirmed(Instant at) {
        return new NotificationsSeen(userId, idLte, idGte, key, keyGlob, at);
    }
}

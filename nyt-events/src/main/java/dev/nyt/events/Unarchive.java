package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Bring a user's archived notifications back to the inbox on {@code nyt-notification-status} keyed by user: ids {@code <= idLte}, {@code >= idGte} when given,
 * of type {@code key} when given, whose key matches {@code keyGlob} when given. Confirmed on
 * {@code nyt-notifications} as {@link NotificationsUnarchived}.
 */
@JsonTypeName("unarchive")
public record Unarchive(String userId, long idLte, Long idGte, String key, String keyGlob, Instant requestedAt)
        implements StatusCommand {

    public Unarchive {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
    }

    @Override
    public NotificationsUnarchived confirmed(Instant at) {
        return new NotificationsUnarchived(userId, idLte, idGte, key, keyGlob, at);
    }
}

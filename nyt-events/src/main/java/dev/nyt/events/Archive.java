package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Archive a user's notifications (hidden from the default list, still listable, can be unarchived) on
 * {@code nyt-notification-status} keyed by user: ids {@code <= idLte}, {@code >= idGte} when given, of type
 * {@code key} when given, whose key matches {@code keyGlob} when given, and only the read ones when
 * {@code onlyRead} is true ("archive all read"). Confirmed on {@code nyt-notifications} as
 * {@link NotificationsArchived}.
 */
@JsonTypeName("archive")
public record Archive(String userId, long idLte, Long idGte, String key, String keyGlob, Boolean onlyRead,
                      Instant requestedAt) implements StatusCommand {

    public Archive {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
    }

    /** Whether only read (viewed) notifications are archived; absent means false. */
    public boolean readOnly() {
        return Boolean.TRUE.equals(onlyRead);
    }

    @Override
    public NotificationsArchived confirmed(Instant at) {
        return new NotificationsArchived(userId, idLte, idGte, key, keyGlob, readOnly(), at);
    }
}

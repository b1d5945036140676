package dev.nyt.events;

import java.time.Instant;

/**
 * The inbox stage unarchived a user's notifications: every one with {@code idGte <= id <= idLte} (and of type
 * {@code key}, and matching {@code keyGlob}, when given), in answer to {@link Unarchive}.
 */
public record NotificationsUnarchived(String userId, long idLte, Long idGte, String key, String keyGlob, Instant unarchivedAt)
        implements NotificationStatusEvent {

    public NotificationsUnarchived {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
        Limits.require("unarchivedAt", unarchivedAt);
    }
}

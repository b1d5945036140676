package dev.nyt.events;

import java.time.Instant;

/**
 * The inbox stage archived a user's notifications: every one with {@code idGte <= id <= idLte} (and of type
 * {@code key}, and matching {@code keyGlob}, when given), only the read ones when {@code onlyRead}, in answer
 * to {@link Archive}.
 */
public record NotificationsArchived(String userId, long idLte, Long idGte, String key, String keyGlob,
                                    boolean onlyRead, Instant archivedAt) implements NotificationStatusEvent {

    public NotificationsArchived {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
        Limits.require("archivedAt", archivedAt);
    }
}

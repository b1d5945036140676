package dev.nyt.events;

import java.time.Instant;

/**
 * The inbox stage marked seen a user's notifications: every one with {@code idGte <= id <= idLte} (and of type
 * {@code key}, and matching {@code keyGlob}, when given), in answer to {@link MarkSeen}.
 */
public record NotificationsSeen(String userId, long idLte, Long idGte, String key, String keyGlob, Instant seenAt)
        implements NotificationStatusEvent {

    public NotificationsSeen {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
        Limits.require("seenAt", seenAt);
    }
}

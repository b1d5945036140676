package dev.nyt.events;

import java.time.Instant;

/**
 * The inbox stage marked a user's notifications viewed: every one with
 * {@code idGte <= id <= idLte} (and of type {@code key} when given).
 */
public record NotificationsViewed(String userId, long idLte, Long idGte, String key, Instant viewedAt)
        implements NotificationEvent {

    public NotificationsViewed {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requirePositive("idLte", idLte);
        Limits.optionalPositive("idGte", idGte);
        Limits.optionalText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.require("viewedAt", viewedAt);
    }
}

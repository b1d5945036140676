package dev.nyt.events;

import java.time.Instant;

/**
 * The inbox stage marked a user's notifications viewed (read): every one with
 * {@code idGte <= id <= idLte} (and of type {@code key}, and matching {@code keyGlob}, when given).
 */
public record NotificationsViewed(String userId, long idLte, Long idGte, String key, Instant viewedAt, String keyGlob)
        implements NotificationStatusEvent {

    public NotificationsViewed {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
        Limits.require("viewedAt", viewedAt);
    }

    /** django-nyt's selection: a range, optionally of one type. */
    public NotificationsViewed(String userId, long idLte, Long idGte, String key, Instant viewedAt) {
        this(userId, idLte, idGte, key, viewedAt, null);
    }
}

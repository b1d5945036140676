package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Mark a user's notifications viewed, i.e. read (django-nyt's {@code mark_read} and {@code goto}), on
 * {@code nyt-notification-status} keyed by user: ids {@code <= idLte}, {@code >= idGte} when given,
 * of type {@code key} when given, whose key matches {@code keyGlob} when given.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName("markViewed")
public record MarkViewed(String userId, long idLte, Long idGte, String key, Instant requestedAt, String keyGlob)
        implements StatusCommand {

    public MarkViewed {
        NotificationSelection.validate(userId, idLte, idGte, key, keyGlob);
    }

    /** django-nyt's selection: a range, optionally of one type. */
    public MarkViewed(String userId, long idLte, Long idGte, String key, Instant requestedAt) {
        this(userId, idLte, idGte, key, requestedAt, null);
    }

    public static MarkViewed upTo(String userId, long idLte) {
        return new MarkViewed(userId, idLte, null, null, Instant.now());
    }

    @Override
    public NotificationsViewed confirmed(Instant at) {
        return new NotificationsViewed(userId, idLte, idGte, key, at, keyGlob);
    }
}

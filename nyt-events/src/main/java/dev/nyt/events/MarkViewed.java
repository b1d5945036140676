package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Mark a user's notifications viewed (django-nyt's {@code mark_read} and {@code goto}), on
 * {@code nyt-notification-status} keyed by user: ids {@code <= idLte}, {@code >= idGte} when given,
 * of type {@code key} when given.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName("markViewed")
public record MarkViewed(String userId, long idLte, Long idGte, String key, Instant requestedAt) {

    public MarkViewed {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requirePositive("idLte", idLte);
        Limits.optionalPositive("idGte", idGte);
        Limits.optionalText("key", key, Limits.MAX_KEY_LENGTH);
    }

    public static MarkViewed upTo(String userId, long idLte) {
        return new MarkViewed(userId, idLte, null, null, Instant.now());
    }
}

package dev.nyt.events;

import java.util.List;

/**
 * The contract's size limits and the checks every record applies in its constructor.
 * One place, so a limit cannot differ between the client, the processors and the API.
 */
public final class Limits {

    /** django-nyt's {@code NotificationType.key} is a 128-character field. */
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_MESSAGE_LENGTH = 4096;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_LABEL_LENGTH = 255;
    public static final int MAX_USERS_PER_EVENT = 10_000;

    private Limits() {
    }

    public static String requireText(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidEventException(field, "must not contain the NUL character");
        }
        return checkLength(field, value, maxLength);
    }

    static String optionalText(String field, String value, int maxLength) {
        return value == null ? null : requireText(field, value, maxLength);
    }

    /**
     * Lengths count characters as JSON Schema's {@code maxLength}, PostgreSQL and django-nyt do:
     * Unicode code points, so an emoji is one character, not two UTF-16 units.
     */
    static String checkLength(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            int characters = value.codePointCount(0, value.length());
            if (characters > maxLength) {
                throw new InvalidEventException(field,
                        "must be at most " + maxLength + " characters, was " + characters);
            }
        }
        return value;
    }

    static long requirePositive(String field, long value) {
        if (value <= 0) {
            throw new InvalidEventException(field, "must be a positive id, was " + value);
        }
        return value;
    }

    static Long optionalPositive(String field, Long value) {
        return value == null ? null : requirePositive(field, value);
    }

    static <T> T require(String field, T value) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        return value;
    }

    /** A null list becomes empty; elements must be ids; the result is immutable. */
    static List<String> userIds(String field, List<String> users) {
        if (users == null) {
            return List.of();
        }
        if (users.size() > MAX_USERS_PER_EVENT) {
            throw new InvalidEventException(field, "must name at most " + MAX_USERS_PER_EVENT + " users");
        }
        for (int i = 0; i < users.size(); i++) {
            requireText(field + "[" + i + "]", users.get(i), MAX_ID_LENGTH);
        }
        return List.copyOf(users);
    }
}

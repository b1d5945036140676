package dev.nyt.events;

import dev.nyt.events.glob.KeyGlob;

/**
 * Which of a user's notifications a status command or its confirmation is about: ids {@code <= idLte},
 * {@code >= idGte} when given, of type {@code key} when given, and whose key matches the glob {@code keyGlob}
 * (django-nyt's template-glob rules, {@link KeyGlob}) when given. Key and glob together must both hold.
 */
public interface NotificationSelection {

    String userId();

    long idLte();

    Long idGte();

    String key();

    String keyGlob();

    /** The selection as a matcher, its glob compiled once. */
    default Matcher matcher() {
        return new Matcher(idLte(), idGte(), key(), keyGlob() == null ? null : KeyGlob.compile(keyGlob()));
    }

    /** Whether a notification of the user, by its id and key, is selected. */
    record Matcher(long idLte, Long idGte, String key, KeyGlob glob) {

        public boolean covers(long id, String notificationKey) {
            return id <= idLte
                    && (idGte == null || id >= idGte)
                    && (key == null || key.equals(notificationKey))
                    && (glob == null || glob.matches(notificationKey));
        }
    }

    /** The checks every selection applies in its constructor. */
    static void validate(String userId, long idLte, Long idGte, String key, String keyGlob) {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requirePositive("idLte", idLte);
        Limits.optionalPositive("idGte", idGte);
        Limits.optionalText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.optionalText("keyGlob", keyGlob, Limits.MAX_KEY_LENGTH);
    }
}

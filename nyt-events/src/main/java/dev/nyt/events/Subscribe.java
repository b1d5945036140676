package dev.nyt.events;

/**
 * Subscribe a user's settings to a key, optionally narrowed to one target: get-or-create on
 * (settings, key, target). Without {@code settingsId} the user's default settings are used,
 * created on demand.
 */
public record Subscribe(String userId, String key, Target target, String settingsId, Boolean sendEmails)
        implements SubscriptionCommand {

    public Subscribe {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.optionalText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
        if (sendEmails == null) {
            sendEmails = Boolean.TRUE;
        }
    }

    public static Subscribe of(String userId, String key) {
        return new Subscribe(userId, key, null, null, true);
    }
}

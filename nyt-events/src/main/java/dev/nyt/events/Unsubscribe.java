package dev.nyt.events;

/**
 * Delete a user's subscriptions to {@code key}, narrowed to one settings object and/or one target
 * when given. Old notifications stay, with their subscription link cleared. The user is required,
 * so "unsubscribe everyone" cannot be said.
 */
public record Unsubscribe(String userId, String key, Target target, String settingsId) implements SubscriptionCommand {

    public Unsubscribe {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.optionalText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
    }

    public static Unsubscribe of(String userId, String key) {
        return new Unsubscribe(userId, key, null, null);
    }
}

package dev.nyt.events;

/** Delete a settings object and its subscriptions. Deleting a user's last default settings is refused. */
public record DeleteSettings(String userId, String settingsId) implements SubscriptionCommand {

    public DeleteSettings {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
    }
}

package dev.nyt.events;

/**
 * A user as the host application knows it, on the compacted {@code nyt-users} topic keyed by
 * {@code userId}; a tombstone deletes the user with their settings, subscriptions and notifications.
 *
 * @param displayName the {@code username} in e-mail templates (defaults to the id)
 * @param active      inactive users get no notifications (defaults to true)
 */
public record User(String userId, String email, String displayName, Boolean active) {

    public User {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.optionalText("email", email, Limits.MAX_ID_LENGTH);
        displayName = displayName == null ? userId : Limits.checkLength("displayName", displayName, Limits.MAX_LABEL_LENGTH);
        if (active == null) {
            active = Boolean.TRUE;
        }
    }
}

package dev.nyt.digest.input;

/**
 * What the digest's per-user stage consumes, all keyed by user id: the user's notification events,
 * profile, and the subscriptions and settings re-keyed from their own ids to their user.
 */
public sealed interface DigestInput
        permits NotificationChange, SubscriptionChange, SettingsChange, UserChange {
}

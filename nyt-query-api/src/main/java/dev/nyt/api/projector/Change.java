package dev.nyt.api.projector;

import dev.nyt.events.EmailEvent;
import dev.nyt.events.NotificationState;
import dev.nyt.events.NotificationStatusEvent;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.events.outcome.CommandOutcome;
import java.time.Instant;

/** What one record of a projected topic does to the read model. */
public sealed interface Change {

    /** NotificationCreated or NotificationUpdated: both carry the full state. */
    record NotificationUpsert(NotificationState state) implements Change {
    }

    /** A selection of a user's notifications read, seen, archived or unarchived. */
    record StatusChanged(NotificationStatusEvent event) implements Change {
    }

    record SubscriptionUpsert(Subscription subscription) implements Change {
    }

    /** A tombstone on nyt-subscriptions: unsubscribed; its notifications stay with the link cleared. */
    record SubscriptionRemoved(String subscriptionId) implements Change {
    }

    record SettingsUpsert(Settings settings) implements Change {
    }

    /** A tombstone on nyt-settings: the settings {@code settingsId} of {@code userId} (the key names both). */
    record SettingsRemoved(String userId, String settingsId) implements Change {
    }

    record UserUpsert(User user) implements Change {
    }

    /** A tombstone on nyt-users at {@code at} (the record's timestamp): the user and everything of theirs go. */
    record UserRemoved(String userId, Instant at) implements Change {
    }

    record Email(EmailEvent event) implements Change {
    }

    /** The registry's outcome of a command that carried a command id. */
    record CommandDecided(CommandOutcome outcome) implements Change {
    }
}

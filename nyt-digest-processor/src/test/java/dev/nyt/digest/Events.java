package dev.nyt.digest;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import java.time.Instant;

/** The contract's records, as the fan-out and the host application would publish them. */
final class Events {

    private Events() {
    }

    static User user(String userId, String email) {
        return new User(userId, email, userId, true);
    }

    static Settings settings(String settingsId, String userId, int interval, Instant created) {
        return new Settings(settingsId, userId, interval, true, created);
    }

    static Subscription subscription(String subscriptionId, String userId, String settingsId, String key,
                                     boolean sendEmails, Instant created) {
        return new Subscription(subscriptionId, userId, settingsId, key, null, sendEmails, created);
    }

    static NotificationCreated created(long id, Subscription subscription, String message, String url, Instant at) {
        return new NotificationCreated(id, subscription.userId(), subscription.subscriptionId(), subscription.settingsId(),
                subscription.key(), message, url, null, 1, false, false, at, at, "event-" + id);
    }

    static NotificationCreated viewed(NotificationCreated n) {
        return new NotificationCreated(n.id(), n.userId(), n.subscriptionId(), n.settingsId(), n.key(), n.message(),
                n.url(), n.target(), n.occurrences(), true, false, n.created(), n.modified(), n.eventId());
    }

    /** A coalesced repeat: one more occurrence, to be e-mailed again. */
    static NotificationUpdated repeated(NotificationCreated n, int occurrences, Instant at) {
        return new NotificationUpdated(n.id(), n.userId(), n.subscriptionId(), n.settingsId(), n.key(), n.message(),
                n.url(), n.target(), occurrences, false, false, n.created(), at, "event-" + n.id() + "-" + occurrences);
    }
}

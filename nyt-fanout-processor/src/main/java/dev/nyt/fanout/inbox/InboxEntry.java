package dev.nyt.fanout.inbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.Target;
import dev.nyt.fanout.join.Delivery;
import java.time.Instant;

/**
 * The latest notification of one subscription, as the inbox remembers it to coalesce repeats
 * (django-nyt's {@code Subscription.latest}). Kept in {@link #STORE} under {@code user NUL subscription}.
 */
public record InboxEntry(
        long id,
        String userId,
        String subscriptionId,
        String settingsId,
        String key,
        String message,
        String url,
        Target target,
        int occurrences,
        @JsonProperty("isViewed") boolean isViewed,
        @JsonProperty("isEmailed") boolean isEmailed,
        Instant created,
        Instant modified,
        String eventId) {

    public static final String STORE = "inbox-latest-store";

    public static InboxEntry created(long id, Delivery delivery, Instant now) {
        return new InboxEntry(id, delivery.userId(), delivery.subscriptionId(), delivery.settingsId(), delivery.key(),
                delivery.message(), delivery.url(), delivery.target(), 1, false, false, now, now, delivery.eventId());
    }

    /** django-nyt's rule: the latest is still unviewed and says the same thing at the same url. */
    public boolean coalesces(Delivery delivery) {
        return !isViewed && message.equals(delivery.message()) && java.util.Objects.equals(url, delivery.url());
    }

    /** One more occurrence: it must be e-mailed again. */
    public InboxEntry repeated(Delivery delivery, Instant now) {
        return new InboxEntry(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences + 1,
                false, false, created, now, delivery.eventId());
    }

    public InboxEntry viewed(Instant now) {
        return new InboxEntry(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences,
                true, isEmailed, created, now, eventId);
    }

    public NotificationCreated toCreated() {
        return new NotificationCreated(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences,
                isViewed, isEmailed, created, modified, eventId);
    }

    public NotificationUpdated toUpdated() {
        return new NotificationUpdated(id, userId, subscriptionId, settingsId, key, message, url, target, occurrences,
                isViewed, isEmailed, created, modified, eventId);
    }
}

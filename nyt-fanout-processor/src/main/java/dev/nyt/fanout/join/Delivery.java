package dev.nyt.fanout.join;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Target;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification to make for one subscription of one user, from one event. Internal: travels,
 * keyed by user, on the {@code inbox-deliveries} repartition topic to the inbox stage.
 */
public record Delivery(
        String eventId,
        String userId,
        String subscriptionId,
        String settingsId,
        String key,
        String message,
        String url,
        Target target,
        Instant occurredAt) {

    /** What the inbox needs of every delivery: a record without it is refused as it is read, never half-processed. */
    public Delivery {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(settingsId, "settingsId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    public static Delivery of(NotifyRequested event, String userId, String subscriptionId, String settingsId) {
        return new Delivery(event.eventId(), userId, subscriptionId, settingsId, event.key(), event.message(),
                event.url(), event.target(), event.occurredAt());
    }
}

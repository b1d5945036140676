package dev.nyt.digest.input;

import dev.nyt.events.Subscription;
import java.util.Objects;

/**
 * A record of {@code nyt-subscriptions} re-keyed by its user; {@code subscription} is null for a
 * tombstone (unsubscribed). The value of the {@code digest-subscriptions-by-user} repartition topic.
 */
public record SubscriptionChange(String subscriptionId, Subscription subscription) implements DigestInput {

    public SubscriptionChange {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
    }
}

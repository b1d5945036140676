package dev.nyt.fanout.join;

import dev.nyt.events.Subscription;
import dev.nyt.fanout.StoreKeys;
import java.util.Objects;

/**
 * A subscription added, changed or removed, re-keyed by its notification key so the fan-out join
 * can keep it in its index. Internal: travels on the {@code fanout-subscriptions-by-key} repartition topic.
 */
public record SubscriptionChange(Subscription subscription, boolean removed) {

    public SubscriptionChange {
        Objects.requireNonNull(subscription, "subscription");
    }

    /**
     * The index key: notification key, user, settings, subscription — so one key's subscribers are
     * one prefix scan, one user's are a narrower one, and one settings' are adjacent.
     */
    public String indexKey() {
        return indexKey(subscription);
    }

    public static String indexKey(Subscription s) {
        return StoreKeys.of(s.key(), s.userId(), s.settingsId(), s.subscriptionId());
    }
}

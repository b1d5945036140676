package dev.nyt.digest.state;

import dev.nyt.events.User;
import dev.nyt.events.json.JsonSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The digest's state stores. Their names are part of operations (each has a changelog topic
 * {@code <application.id>-<name>-changelog}); renaming one needs an application reset.
 */
public final class DigestStores {

    /** subscription id → user id (the re-key stage of nyt-subscriptions). */
    public static final String SUBSCRIPTION_OWNERS = "digest-subscription-owners";
    /** settings id → user id (the re-key stage of nyt-settings). */
    public static final String SETTINGS_OWNERS = "digest-settings-owners";
    /** user id → {@link User}. */
    public static final String USERS = "digest-users";
    /** user \0 subscription id → {@link SubscriptionState}. */
    public static final String SUBSCRIPTIONS = "digest-subscriptions";
    /** user \0 settings id → {@link SettingsState}. */
    public static final String SETTINGS = "digest-settings";
    /** user \0 settings id \0 notification id (19 digits) → {@link PendingNotification}. */
    public static final String PENDING = "digest-pending";
    /** due time (19 digits) \0 user \0 settings id → due time: what a tick prepares. */
    public static final String DUE = "digest-due";
    /**
     * user \0 settings id \0 prepared at \0 sequence \0 digest id → {@link OutboxDigest}. What a tick
     * sends is indexed in memory by next attempt ({@link DigestState}); earlier builds kept that
     * index in a store {@code digest-send-queue}, whose changelog is no longer read.
     */
    public static final String OUTBOX = "digest-outbox";

    /** The stores of the per-user stage, in the order {@link DigestState} opens them. */
    public static final List<String> USER_STAGE = List.of(USERS, SUBSCRIPTIONS, SETTINGS, PENDING, DUE, OUTBOX);

    private DigestStores() {
    }

    public static StoreBuilder<KeyValueStore<String, String>> owners(String name) {
        return store(name, Serdes.String());
    }

    public static List<StoreBuilder<?>> userStage() {
        return List.of(
                store(USERS, JsonSerde.of(User.class)),
                store(SUBSCRIPTIONS, StoreJson.serde(SubscriptionState.class)),
                store(SETTINGS, StoreJson.serde(SettingsState.class)),
                store(PENDING, StoreJson.serde(PendingNotification.class)),
                store(DUE, Serdes.Long()),
                store(OUTBOX, StoreJson.serde(OutboxDigest.class)));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }
}

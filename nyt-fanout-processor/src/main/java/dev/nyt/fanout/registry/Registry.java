package dev.nyt.fanout.registry;

import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.fanout.inbox.InboxEntry;
import dev.nyt.fanout.inbox.SubscriberIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One user's registry state, over the stores that the registry and the inbox share in their task:
 * the user, their settings and subscriptions (keys {@code user NUL id}), and the inbox's latest
 * notification per subscription, which goes when its subscription goes, and the subscriber index the
 * fan-out walks (kept here, in the same store writes, so it is never behind the subscriptions).
 */
public final class Registry {

    public static final String USERS_STORE = "registry-users-store";
    public static final String SETTINGS_STORE = "registry-settings-store";
    public static final String SUBSCRIPTIONS_STORE = "registry-subscriptions-store";

    private final KeyValueStore<String, User> users;
    private final KeyValueStore<String, Settings> settings;
    private final KeyValueStore<String, Subscription> subscriptions;
    private final KeyValueStore<String, InboxEntry> latest;
    private final SubscriberIndex index;

    public Registry(ProcessorContext<?, ?> context) {
        this.index = new SubscriberIndex(context);
        this.users = context.getStateStore(USERS_STORE);
        this.settings = context.getStateStore(SETTINGS_STORE);
        this.subscriptions = context.getStateStore(SUBSCRIPTIONS_STORE);
        this.latest = context.getStateStore(InboxEntry.STORE);
    }

    public Optional<User> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    /**
     * Stores a user. A user who becomes inactive leaves the subscriber index (keeping their
     * subscriptions), one who becomes active again re-enters it; each key concerned is told to {@code emit}.
     */
    public void putUser(User user, Consumer<RegistryEvent> emit) {
        boolean wasActive = active(user.userId());
        users.put(user.userId(), user);
        if (wasActive != user.active()) {
            for (Subscription subscription : subscriptions(user.userId())) {
                if (user.active()) {
                    index.put(subscription);
                } else {
                    index.delete(subscription);
                }
                emit.accept(new RegistryEvent.ReachChanged(subscription.key(), user.userId()));
            }
        }
    }

    /** A user nyt has not been told about is active, as django-nyt's users are by default. */
    private boolean active(String userId) {
        User user = users.get(userId);
        return user == null || user.active();
    }

    public Optional<Settings> settings(String userId, String settingsId) {
        return Optional.ofNullable(settings.get(StoreKeys.of(userId, settingsId)));
    }

    public List<Settings> allSettings(String userId) {
        return scan(settings, userId);
    }

    public Optional<Settings> defaultSettings(String userId) {
        return allSettings(userId).stream().filter(Settings::isDefault).findFirst();
    }

    public void putSettings(Settings value) {
        settings.put(StoreKeys.of(value.userId(), value.settingsId()), value);
    }

    public Optional<Subscription> subscription(String userId, String subscriptionId) {
        return Optional.ofNullable(subscriptions.get(StoreKeys.of(userId, subscriptionId)));
    }

    public List<Subscription> subscriptions(String userId) {
        return scan(subscriptions, userId);
    }

    public void putSubscription(Subscription value) {
        subscriptions.put(StoreKeys.of(value.userId(), value.subscriptionId()), value);
        if (active(value.userId())) {
            index.put(value);
        }
    }

    /** Deletes a subscription and the inbox's memory of its latest notification. */
    public void deleteSubscription(Subscription value, Consumer<RegistryEvent> emit) {
        subscriptions.delete(StoreKeys.of(value.userId(), value.subscriptionId()));
        index.delete(value);
        latest.delete(StoreKeys.of(value.userId(), value.subscriptionId()));
        emit.accept(new RegistryEvent.SubscriptionChanged(value, null));
    }

    /** Deletes a settings object with its subscriptions. */
    public void deleteSettings(Settings value, Consumer<RegistryEvent> emit) {
        for (Subscription subscription : subscriptions(value.userId())) {
            if (subscription.settingsId().equals(value.settingsId())) {
                deleteSubscription(subscription, emit);
            }
        }
        settings.delete(StoreKeys.of(value.userId(), value.settingsId()));
        emit.accept(RegistryEvent.SettingsChanged.deleted(value));
    }

    /** Deletes everything of a user: their subscriptions, settings, inbox memory and profile. */
    public void deleteUser(String userId, Consumer<RegistryEvent> emit) {
        for (Settings value : allSettings(userId)) {
            deleteSettings(value, emit);
        }
        for (Subscription orphan : subscriptions(userId)) {
            deleteSubscription(orphan, emit);
        }
        List<String> leftovers = new ArrayList<>();
        try (KeyValueIterator<String, InboxEntry> it = latest.prefixScan(StoreKeys.prefix(userId), new StringSerializer())) {
            it.forEachRemaining(kv -> leftovers.add(kv.key));
        }
        leftovers.forEach(latest::delete);
        users.delete(userId);
    }

    private static <V> List<V> scan(KeyValueStore<String, V> store, String userId) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(StoreKeys.prefix(userId), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, V> next = it.next();
                values.add(next.value);
            }
        }
        return values;
    }
}

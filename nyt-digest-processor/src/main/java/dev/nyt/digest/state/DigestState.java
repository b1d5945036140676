package dev.nyt.digest.state;

import dev.nyt.digest.metrics.PendingStats;
import dev.nyt.events.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Typed access to one task's stores, keeping the indexes in step: a settings' due time and its due
 * index entry, an outbox digest and its send-queue entry, and the in-memory pending statistics.
 * Every scan is by prefix or by range, never over everything (but once, when the task starts).
 * <p>
 * The send queue and the count of outbox digests per (user, settings) live in memory: the outbox
 * holds each digest's next attempt, so {@link #load()} rebuilds them when the task starts (also
 * after an aborted transaction, which restarts the task from its committed state). That saves two
 * changelog records per digest and a store scan per "does it wait in the outbox?".
 */
public final class DigestState {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, User> users;
    private final KeyValueStore<String, SubscriptionState> subscriptions;
    private final KeyValueStore<String, SettingsState> settings;
    private final KeyValueStore<String, PendingNotification> pending;
    private final KeyValueStore<String, Long> due;
    private final KeyValueStore<String, OutboxDigest> outbox;
    /** next attempt (19 digits) \0 outbox key → outbox key. */
    private final TreeMap<String, String> sendQueue = new TreeMap<>();
    /** user \0 settings id → how many of its digests wait in the outbox. */
    private final Map<String, Integer> outboxCounts = new HashMap<>();
    private final PendingStats stats;

    public DigestState(ProcessorContext<?, ?> context, PendingStats stats) {
        this.users = context.getStateStore(DigestStores.USERS);
        this.subscriptions = context.getStateStore(DigestStores.SUBSCRIPTIONS);
        this.settings = context.getStateStore(DigestStores.SETTINGS);
        this.pending = context.getStateStore(DigestStores.PENDING);
        this.due = context.getStateStore(DigestStores.DUE);
        this.outbox = context.getStateStore(DigestStores.OUTBOX);
        this.stats = stats;
    }

    /** Counts what this task's stores hold and indexes the outbox (once, when the task starts here). */
    public void load() {
        try (KeyValueIterator<String, PendingNotification> all = pending.all()) {
            all.forEachRemaining(kv -> stats.addNotification(kv.value.pendingSince()));
        }
        try (KeyValueIterator<String, OutboxDigest> all = outbox.all()) {
            all.forEachRemaining(kv -> {
                index(kv.value);
                stats.addDigest();
                kv.value.items().forEach(item -> stats.addNotification(item.pendingSince()));
            });
        }
    }

    // users

    public User user(String userId) {
        return users.get(userId);
    }

    public void putUser(User user) {
        users.put(user.userId(), user);
    }

    public void deleteUser(String userId) {
        users.delete(userId);
    }

    // subscriptions

    public SubscriptionState subscription(String userId, String subscriptionId) {
        return subscriptionId == null ? null : subscriptions.get(Keys.of(userId, subscriptionId));
    }

    public void putSubscription(String userId, SubscriptionState subscription) {
        subscriptions.put(Keys.of(userId, subscription.subscriptionId()), subscription);
    }

    public void deleteSubscription(String userId, String subscriptionId) {
        subscriptions.delete(Keys.of(userId, subscriptionId));
    }

    public List<SubscriptionState> subscriptionsOf(String userId) {
        return values(subscriptions, Keys.prefix(userId));
    }

    // settings and the due index

    public SettingsState settings(String userId, String settingsId) {
        return settingsId == null ? null : settings.get(Keys.of(userId, settingsId));
    }

    public void putSettings(String userId, SettingsState state) {
        settings.put(Keys.of(userId, state.settingsId()), state);
    }

    /** Deletes the settings and its due entry. */
    public void deleteSettings(String userId, SettingsState state) {
        unschedule(userId, state);
        settings.delete(Keys.of(userId, state.settingsId()));
    }

    public List<SettingsState> settingsOf(String userId) {
        return values(settings, Keys.prefix(userId));
    }

    /** Moves the settings' digest to {@code dueAt} (null: nothing scheduled) and returns the new state. */
    public SettingsState schedule(String userId, SettingsState state, Long dueAt) {
        if (Objects.equals(state.dueAt(), dueAt)) {
            return state;
        }
        if (state.dueAt() != null) {
            due.delete(dueKey(state.dueAt(), userId, state.settingsId()));
        }
        if (dueAt != null) {
            due.put(dueKey(dueAt, userId, state.settingsId()), dueAt);
        }
        SettingsState updated = state.withDueAt(dueAt);
        putSettings(userId, updated);
        return updated;
    }

    public SettingsState unschedule(String userId, SettingsState state) {
        return schedule(userId, state, null);
    }

    /** Up to {@code limit} (user, settings id) pairs due at or before {@code now}, earliest first. */
    public List<Due> dueUpTo(long now, int limit) {
        List<Due> found = new ArrayList<>();
        try (KeyValueIterator<String, Long> range = due.range(Keys.number(0), Keys.upToAndIncluding(now))) {
            while (range.hasNext() && found.size() < limit) {
                KeyValue<String, Long> kv = range.next();
                List<String> parts = Keys.split(kv.key);
                found.add(new Due(parts.get(1), parts.get(2), kv.value));
            }
        }
        return found;
    }

    /** Removes a due entry whose settings is gone. */
    public void dropDue(Due entry) {
        due.delete(dueKey(entry.dueAt(), entry.userId(), entry.settingsId()));
    }

    /** Whether anything is due at or before {@code now}. */
    public boolean anyDue(long now) {
        try (KeyValueIterator<String, Long> range = due.range(Keys.number(0), Keys.upToAndIncluding(now))) {
            return range.hasNext();
        }
    }

    /** A (user, settings) whose digest is due. */
    public record Due(String userId, String settingsId, long dueAt) {
    }

    private static String dueKey(long dueAt, String userId, String settingsId) {
        return Keys.of(Keys.number(dueAt), userId, settingsId);
    }

    // pending notifications

    public PendingNotification pending(String userId, String settingsId, long id) {
        return pending.get(pendingKey(userId, settingsId, id));
    }

    /** Puts it into pending in place of {@code previous}, what {@link #pending} answered for it (null: none). */
    public void putPending(String userId, PendingNotification notification, PendingNotification previous) {
        if (previous != null) {
            stats.removeNotification(previous.pendingSince());
        }
        pending.put(pendingKey(userId, notification.settingsId(), notification.id()), notification);
        stats.addNotification(notification.pendingSince());
    }

    /**
     * Removes it from pending: e-mailed, put into a digest, given up or no longer to be e-mailed.
     * It is what the store holds (just read from it); a put of null deletes without reading it back.
     */
    public void deletePending(String userId, PendingNotification notification) {
        pending.put(pendingKey(userId, notification.settingsId(), notification.id()), null);
        stats.removeNotification(notification.pendingSince());
    }

    /** Moves it from pending into a prepared digest: still waiting, so the statistics keep it. */
    public void movePendingToOutbox(String userId, PendingNotification notification) {
        pending.put(pendingKey(userId, notification.settingsId(), notification.id()), null);
    }

    public List<PendingNotification> pendingOf(String userId, String settingsId) {
        return values(pending, Keys.prefix(userId, settingsId));
    }

    public boolean anyPending(String userId, String settingsId) {
        try (KeyValueIterator<String, PendingNotification> scan = pending.prefixScan(Keys.prefix(userId, settingsId), KEYS)) {
            return scan.hasNext();
        }
    }

    public List<PendingNotification> pendingOf(String userId) {
        return values(pending, Keys.prefix(userId));
    }

    private static String pendingKey(String userId, String settingsId, long id) {
        return Keys.of(userId, settingsId, Keys.number(id));
    }

    // the outbox and the send queue

    public boolean hasOutbox(String userId, String settingsId) {
        return outboxCounts.containsKey(Keys.of(userId, settingsId));
    }

    public List<OutboxDigest> outboxOf(String userId) {
        return values(outbox, Keys.prefix(userId));
    }

    /** Adds a prepared digest (its notifications were moved out of pending), to be sent at {@code nextAttemptAt}. */
    public void addToOutbox(OutboxDigest digest) {
        outbox.put(outboxKey(digest), digest);
        index(digest);
        stats.addDigest();
    }

    /** Replaces a digest after a failed attempt, moving its send-queue entry to the next attempt. */
    public void reschedule(OutboxDigest before, OutboxDigest after) {
        String key = outboxKey(before);
        sendQueue.remove(sendKey(before.nextAttemptAt(), key));
        outbox.put(key, after);
        sendQueue.put(sendKey(after.nextAttemptAt(), key), key);
    }

    /** Removes a digest that was sent or given up, with its notifications. */
    public void removeFromOutbox(OutboxDigest digest) {
        String key = outboxKey(digest);
        if (sendQueue.remove(sendKey(digest.nextAttemptAt(), key)) == null) {
            return; // not (or no longer) in the outbox
        }
        outbox.put(key, null);
        outboxCounts.computeIfPresent(Keys.of(digest.userId(), digest.settingsId()), (k, n) -> n == 1 ? null : n - 1);
        stats.removeDigest();
        digest.items().forEach(item -> stats.removeNotification(item.pendingSince()));
    }

    /** Up to {@code limit} digests whose next attempt is at or before {@code now}, earliest first. */
    public List<OutboxDigest> sendableUpTo(long now, int limit) {
        List<OutboxDigest> found = new ArrayList<>();
        Iterator<String> due = sendQueue.headMap(Keys.upToAndIncluding(now)).values().iterator();
        while (due.hasNext() && found.size() < limit) {
            OutboxDigest digest = outbox.get(due.next());
            if (digest == null) {
                due.remove(); // the index is built from the outbox and kept with it: never expected
            } else {
                found.add(digest);
            }
        }
        return found;
    }

    public boolean anySendable(long now) {
        return !sendQueue.headMap(Keys.upToAndIncluding(now)).isEmpty();
    }

    private void index(OutboxDigest digest) {
        String key = outboxKey(digest);
        sendQueue.put(sendKey(digest.nextAttemptAt(), key), key);
        outboxCounts.merge(Keys.of(digest.userId(), digest.settingsId()), 1, Integer::sum);
    }

    private static String sendKey(long nextAttemptAt, String outboxKey) {
        return Keys.of(Keys.number(nextAttemptAt), outboxKey);
    }

    private static String outboxKey(OutboxDigest digest) {
        return Keys.of(digest.userId(), digest.settingsId(), Keys.number(digest.preparedAt()),
                Keys.number(digest.sequence()), digest.digestId());
    }

    private static <V> List<V> values(KeyValueStore<String, V> store, String prefix) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> scan = store.prefixScan(prefix, KEYS)) {
            scan.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }
}

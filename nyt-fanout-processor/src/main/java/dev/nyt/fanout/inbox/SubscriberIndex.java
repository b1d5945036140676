package dev.nyt.fanout.inbox;

import dev.nyt.events.Subscription;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.runtime.Rerouting;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The subscribers of each notification key among the users of one task: the subscriptions table
 * re-indexed by key, kept beside the inbox (keyed by user, in the registry's task), so an event
 * reaches its subscribers without a record per subscriber crossing the broker. Keys are
 * {@code key NUL user NUL settings NUL subscription}: one key's subscribers are one prefix scan,
 * one user's are a narrower one, and one settings' are adjacent. Only the subscriptions of active
 * users are in it: the index is exactly who receives.
 */
public final class SubscriberIndex {

    public static final String STORE = "inbox-subscribers-store";

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, IndexEntry> store;

    public SubscriberIndex(ProcessorContext<?, ?> context) {
        this.store = context.getStateStore(STORE);
    }

    public static String key(Subscription s) {
        return StoreKeys.of(s.key(), s.userId(), s.settingsId(), s.subscriptionId());
    }

    public void put(Subscription subscription) {
        store.put(key(subscription), IndexEntry.of(subscription));
    }

    public void delete(Subscription subscription) {
        store.delete(key(subscription));
    }

    /**
     * The entries under a prefix of whole parts, after {@code after} (exclusive; {@code null}: from the
     * first): a walk that stopped at a key resumes behind it.
     */
    public KeyValueIterator<String, IndexEntry> walk(String prefix, String after) {
        if (after == null) {
            return store.prefixScan(prefix, KEYS);
        }
        // the smallest key above `after` is `after` NUL; every key under the prefix is below the prefix with
        // its closing NUL raised to U+0001 (no index key is that string: it has four parts)
        String upper = prefix.substring(0, prefix.length() - 1) + '\u0001';
        return store.range(after + StoreKeys.SEPARATOR, upper);
    }

    /** Whether a user owned by {@code partition} (of {@code partitions}) subscribes to {@code key}. */
    public boolean reaches(String key, int partition, int partitions) {
        try (KeyValueIterator<String, IndexEntry> it = store.prefixScan(StoreKeys.prefix(key), KEYS)) {
            while (it.hasNext()) {
                if (owner(StoreKeys.part(it.next().key, 1), partitions) == partition) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The partition of the user-keyed topics that owns a user: murmur2 of the key, as Kafka's producer. */
    public static int owner(String userId, int partitions) {
        return partitions == 1 ? 0 : Rerouting.partitionOf(userId.getBytes(StandardCharsets.UTF_8), partitions);
    }
}

package dev.nyt.fanout.inbox;

import dev.nyt.runtime.TopicAdmin;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Notification ids: unique across the deployment and increasing per user in creation order,
 * without coordination. The inbox task of partition {@code p} hands out
 * {@code p * 2^43 + n} for its own counter {@code n = 1, 2, ...}, kept in {@link #STORE} (so it
 * survives crashes with the rest of the task's state). A user always lands on the same partition,
 * so their ids increase; with at most 1024 partitions every id stays below 2^53, safe as a
 * JavaScript number.
 *
 * <p>A counter that starts without state (a new deployment, or after an application reset wiped
 * the store) starts at the current time in milliseconds rather than at 1, so ids given after a
 * reset stay above the ones given before it, unless the partition handed out more than one id per
 * millisecond on average since the earlier start.
 */
public final class NotificationIds {

    public static final String STORE = "inbox-sequence-store";
    static final int SEQUENCE_BITS = 43;
    private static final String COUNTER = "next";

    private final KeyValueStore<String, Long> store;
    private final long base;
    private long last;

    NotificationIds(KeyValueStore<String, Long> store, int partition, long nowMillis) {
        if (partition < 0 || partition >= TopicAdmin.MAX_PARTITIONS) {
            throw new IllegalStateException("partition " + partition + " is beyond the " + TopicAdmin.MAX_PARTITIONS
                    + " that notification ids can tell apart");
        }
        this.store = store;
        this.base = (long) partition << SEQUENCE_BITS;
        Long stored = store.get(COUNTER);
        this.last = stored == null ? nowMillis : stored;
    }

    long next() {
        last++;
        store.put(COUNTER, last);
        return base + last;
    }
}

package dev.nyt.fanout.join;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Target;
import dev.nyt.fanout.FanoutMetrics;
import dev.nyt.fanout.StoreKeys;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * django-nyt's {@code notify()}: one event against the subscriptions of its key, read by a prefix
 * scan of the local index (a key with a million subscribers is a scan, never one big value).
 * A subscription matches when it has no object id or the event's target is its object; then
 * {@code recipientUsers} narrows (and, when given, turns the scan into one small scan per user)
 * and {@code excludeUsers} removes. One settings object gets at most one delivery per event:
 * the index keeps each settings' subscriptions adjacent, so this needs no memory. A repeated
 * {@code eventId} within the retention is dropped.
 */
public final class FanoutJoinProcessor implements Processor<String, NotifyRequested, String, Delivery> {

    public static final String INDEX_STORE = "fanout-subscriptions-store";
    public static final String EVENT_IDS_STORE = "fanout-event-ids-store";

    private static final StringSerializer KEYS = new StringSerializer();

    private final Duration dedupRetention;
    private final FanoutMetrics metrics;
    private ProcessorContext<String, Delivery> context;
    private KeyValueStore<String, IndexEntry> index;
    private WindowStore<String, Long> eventIds;

    public FanoutJoinProcessor(Duration dedupRetention, FanoutMetrics metrics) {
        this.dedupRetention = dedupRetention;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        this.context = context;
        this.index = context.getStateStore(INDEX_STORE);
        this.eventIds = context.getStateStore(EVENT_IDS_STORE);
    }

    @Override
    public void process(Record<String, NotifyRequested> record) {
        NotifyRequested event = record.value();
        if (event == null) {
            return;
        }
        // Rerouting.owned has refused a record whose key is not the event's key: the join finds its subscribers here
        if (event.eventId() != null && seenBefore(event.eventId(), record.timestamp())) {
            metrics.duplicateEvents().increment();
            return;
        }
        Set<String> excluded = new HashSet<>(event.excludeUsers());
        if (event.recipientUsers().isEmpty()) {
            fanOut(record, StoreKeys.prefix(event.key()), excluded);
        } else {
            for (String user : new TreeSet<>(event.recipientUsers())) {
                if (!excluded.contains(user)) {
                    fanOut(record, StoreKeys.prefix(event.key(), user), excluded);
                }
            }
        }
    }

    private boolean seenBefore(String eventId, long timestamp) {
        long retention = dedupRetention.toMillis();
        try (WindowStoreIterator<Long> seen = eventIds.fetch(eventId, timestamp - retention, timestamp + retention)) {
            if (seen.hasNext()) {
                return true;
            }
        }
        eventIds.put(eventId, timestamp, timestamp);
        return false;
    }

    /**
     * Walks the index under the prefix. The user, settings and subscription come from the index key
     * (its last three parts), so a subscription that receives every event of its key is not decoded.
     */
    private void fanOut(Record<String, NotifyRequested> record, String prefix, Set<String> excluded) {
        NotifyRequested event = record.value();
        Target target = event.target();
        String lastUser = null;
        String lastSettings = null;
        try (KeyValueIterator<String, IndexEntry> it = index.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, IndexEntry> next = it.next();
                String key = next.key;
                int subscriptionAt = key.lastIndexOf(StoreKeys.SEPARATOR);
                int settingsAt = key.lastIndexOf(StoreKeys.SEPARATOR, subscriptionAt - 1);
                int userAt = key.lastIndexOf(StoreKeys.SEPARATOR, settingsAt - 1);
                String user = key.substring(userAt + 1, settingsAt);
                if (excluded.contains(user) || !next.value.matches(target)) {
                    continue;
                }
                String settings = key.substring(settingsAt + 1, subscriptionAt);
                if (user.equals(lastUser) && settings.equals(lastSettings)) {
                    continue;
                }
                lastUser = user;
                lastSettings = settings;
                context.forward(new Record<>(user, Delivery.of(event, user, key.substring(subscriptionAt + 1), settings),
                        record.timestamp()));
            }
        }
    }
}

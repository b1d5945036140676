package dev.nyt.fanout.route;

import dev.nyt.events.NotifyRequested;
import dev.nyt.fanout.FanoutMetrics;
import dev.nyt.fanout.inbox.SubscriberIndex;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The first half of django-nyt's {@code notify()}, in the task of the event's key: drops a repeated
 * {@code eventId} within the retention, then sends the event once to each partition of the user-keyed topics
 * whose users include a subscriber of its key ({@link KeyPartitions}), narrowed to the partitions of
 * {@code recipientUsers} when given. An event nobody subscribes to goes nowhere. The subscribers themselves are
 * found where they live, beside their inboxes.
 */
public final class RouteProcessor implements Processor<String, NotifyRequested, String, Routed> {

    public static final String EVENT_IDS_STORE = "fanout-event-ids-store";

    private final Duration dedupRetention;
    private final int userPartitions;
    private final FanoutMetrics metrics;
    private ProcessorContext<String, Routed> context;
    private KeyPartitions partitions;
    private WindowStore<String, Long> eventIds;

    public RouteProcessor(Duration dedupRetention, int userPartitions, FanoutMetrics metrics) {
        this.dedupRetention = dedupRetention;
        this.userPartitions = userPartitions;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        KeyValueStore<String, byte[]> store = context.getStateStore(KeyPartitions.STORE);
        this.partitions = new KeyPartitions(store);
        this.eventIds = context.getStateStore(EVENT_IDS_STORE);
    }

    @Override
    public void process(Record<String, NotifyRequested> record) {
        NotifyRequested event = record.value();
        if (event == null) {
            return;
        }
        // Rerouting.owned has refused a record whose key is not the event's key
        if (event.eventId() != null && seenBefore(event.eventId(), record.timestamp())) {
            metrics.duplicateEvents().increment();
            return;
        }
        BitSet reached = partitions.of(event.key());
        if (!event.recipientUsers().isEmpty()) {
            reached.and(owners(event));
        }
        if (reached.isEmpty()) {
            metrics.eventsUnrouted().increment();
            return;
        }
        for (int p = reached.nextSetBit(0); p >= 0; p = reached.nextSetBit(p + 1)) {
            context.forward(record.withValue(new Routed(p, event)));
        }
    }

    private BitSet owners(NotifyRequested event) {
        Set<String> excluded = new HashSet<>(event.excludeUsers());
        BitSet owners = new BitSet(userPartitions);
        for (String user : event.recipientUsers()) {
            if (!excluded.contains(user)) {
                owners.set(SubscriberIndex.owner(user, userPartitions));
            }
        }
        return owners;
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
}

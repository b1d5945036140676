package dev.nyt.fanout.inbox;

import dev.nyt.events.NotificationEvent;
import dev.nyt.events.User;
import dev.nyt.fanout.FanoutMetrics;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.fanout.join.Delivery;
import dev.nyt.fanout.registry.Registry;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns deliveries into a user's notifications, in the user's task: drops those of inactive users
 * and of subscriptions deleted while the delivery was in flight, coalesces a repeat into the
 * subscription's latest unviewed notification, else gives a new notification its id.
 */
public final class DeliveryProcessor implements Processor<String, Delivery, String, NotificationEvent> {

    private final FanoutMetrics metrics;
    private ProcessorContext<String, NotificationEvent> context;
    private Registry registry;
    private KeyValueStore<String, InboxEntry> latest;
    private NotificationIds ids;

    public DeliveryProcessor(FanoutMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, NotificationEvent> context) {
        this.context = context;
        this.registry = new Registry(context);
        this.latest = context.getStateStore(InboxEntry.STORE);
        this.ids = new NotificationIds(context.getStateStore(NotificationIds.STORE), context.taskId().partition(),
                System.currentTimeMillis());
    }

    @Override
    public void process(Record<String, Delivery> record) {
        Delivery delivery = record.value();
        boolean inactive = registry.user(delivery.userId()).map(User::active).map(active -> !active).orElse(false);
        if (inactive || registry.subscription(delivery.userId(), delivery.subscriptionId()).isEmpty()) {
            metrics.deliveriesDropped().increment();
            return;
        }
        Instant now = Instant.ofEpochMilli(record.timestamp());
        String key = StoreKeys.of(delivery.userId(), delivery.subscriptionId());
        InboxEntry previous = latest.get(key);
        if (previous != null && previous.coalesces(delivery)) {
            InboxEntry repeated = previous.repeated(delivery, now);
            latest.put(key, repeated);
            metrics.notificationsCoalesced().increment();
            context.forward(record.withValue(repeated.toUpdated()));
        } else {
            InboxEntry created = InboxEntry.created(ids.next(), delivery, now);
            latest.put(key, created);
            metrics.notificationsCreated().increment();
            context.forward(record.withValue(created.toCreated()));
        }
    }
}

package dev.nyt.fanout.route;

import dev.nyt.fanout.inbox.SubscriberIndex;
import dev.nyt.fanout.registry.RegistryEvent;
import dev.nyt.fanout.registry.RegistryEvent.ReachChanged;
import dev.nyt.fanout.registry.RegistryEvent.SubscriptionChanged;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * In the registry's task, after a change of who receives a key (a subscription made or removed, a user
 * deactivated or back): tells the task routing the key whether the changed user's partition still holds a
 * subscriber of it, read from the subscriber index the change has just updated. One record per change,
 * keyed by the notification key.
 */
public final class PresenceReport implements Processor<String, RegistryEvent, String, KeyPresence> {

    private final int userPartitions;
    private ProcessorContext<String, KeyPresence> context;
    private SubscriberIndex index;

    public PresenceReport(int userPartitions) {
        this.userPartitions = userPartitions;
    }

    @Override
    public void init(ProcessorContext<String, KeyPresence> context) {
        this.context = context;
        this.index = new SubscriberIndex(context);
    }

    @Override
    public void process(Record<String, RegistryEvent> record) {
        String key;
        String user;
        switch (record.value()) {
            case SubscriptionChanged changed -> {
                key = changed.current().key();
                user = changed.current().userId();
            }
            case ReachChanged reach -> {
                key = reach.key();
                user = reach.userId();
            }
            default -> {
                return;
            }
        }
        // the user's partition, not this task's: the same in a deployment; in a single-task test driver it is not
        int partition = SubscriberIndex.owner(user, userPartitions);
        context.forward(new Record<>(key, new KeyPresence(partition, index.reaches(key, partition, userPartitions)),
                record.timestamp()));
    }
}

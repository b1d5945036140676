package dev.nyt.fanout.registry;

import dev.nyt.events.User;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps the users the host application publishes; a tombstone deletes the user's settings and
 * subscriptions (so nothing is fanned out to them any more) and the inbox's memory of them.
 */
public final class UserProcessor implements Processor<String, User, String, RegistryEvent> {

    private ProcessorContext<String, RegistryEvent> context;
    private Registry registry;

    @Override
    public void init(ProcessorContext<String, RegistryEvent> context) {
        this.context = context;
        this.registry = new Registry(context);
    }

    @Override
    public void process(Record<String, User> record) {
        // Rerouting.owned has refused a record without a key or under another user's key
        User user = record.value();
        if (user == null) {
            registry.deleteUser(record.key(), event -> context.forward(record.withValue(event)));
            return;
        }
        registry.putUser(user, event -> context.forward(record.withValue(event)));
    }
}

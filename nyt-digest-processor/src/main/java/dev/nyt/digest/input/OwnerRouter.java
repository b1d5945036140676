package dev.nyt.digest.input;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Re-keys a compacted table topic keyed by its own ids ({@code nyt-subscriptions},
 * {@code nyt-settings}) to the owning user. It remembers id → user in a store, because a tombstone
 * carries no value to read the user from: the tombstone goes to the user that owned the id.
 * A tombstone for an id it never saw is dropped (nothing of it can be pending here).
 *
 * @param <V> the table's value
 * @param <C> the change forwarded, keyed by user id
 */
public final class OwnerRouter<V, C> implements Processor<String, V, String, C> {

    private final String storeName;
    private final Function<V, String> owner;
    private final BiFunction<String, V, C> change;
    private KeyValueStore<String, String> owners;
    private ProcessorContext<String, C> context;

    public OwnerRouter(String storeName, Function<V, String> owner, BiFunction<String, V, C> change) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.change = Objects.requireNonNull(change, "change");
    }

    @Override
    public void init(ProcessorContext<String, C> context) {
        this.context = context;
        this.owners = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        String previous = owners.get(id);
        V value = record.value();
        if (value == null) {
            if (previous != null) {
                owners.delete(id);
                context.forward(record.withKey(previous).withValue(change.apply(id, null)));
            }
            return;
        }
        String user = owner.apply(value);
        if (previous != null && !previous.equals(user)) {
            // the id moved to another user (not something nyt does, but a table may say so): the old owner loses it
            context.forward(record.withKey(previous).withValue(change.apply(id, null)));
        }
        if (!user.equals(previous)) {
            owners.put(id, user);
        }
        context.forward(record.withKey(user).withValue(change.apply(id, value)));
    }
}

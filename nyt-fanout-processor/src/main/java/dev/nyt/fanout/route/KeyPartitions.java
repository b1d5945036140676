package dev.nyt.fanout.route;

import java.util.BitSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * For each notification key of a task, the partitions of the user-keyed topics whose users include one of its
 * subscribers (a bit set, in {@link #STORE}), so an event with three subscribers costs three records at most,
 * not one per partition. Learnt from {@link KeyPresence} records; {@link Apply} is the processor that applies them.
 */
public final class KeyPartitions {

    public static final String STORE = "fanout-key-partitions-store";

    private final KeyValueStore<String, byte[]> store;

    KeyPartitions(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The partitions reaching a subscriber of the key: a copy, free to change. */
    BitSet of(String key) {
        byte[] bits = store.get(key);
        return bits == null ? new BitSet() : BitSet.valueOf(bits);
    }

    void apply(String key, KeyPresence presence) {
        BitSet bits = of(key);
        bits.set(presence.partition(), presence.present());
        if (bits.isEmpty()) {
            store.delete(key);
        } else {
            store.put(key, bits.toByteArray());
        }
    }

    /** Applies the presence records of the keys of its task. */
    public static final class Apply implements Processor<String, KeyPresence, Void, Void> {

        private KeyPartitions partitions;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            KeyValueStore<String, byte[]> store = context.getStateStore(STORE);
            this.partitions = new KeyPartitions(store);
        }

        @Override
        public void process(Record<String, KeyPresence> record) {
            if (record.key() != null && record.value() != null) {
                partitions.apply(record.key(), record.value());
            }
        }
    }
}

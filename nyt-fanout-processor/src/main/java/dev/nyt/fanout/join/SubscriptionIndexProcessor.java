package dev.nyt.fanout.join;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the subscriptions index of the fan-out join up to date: the subscriptions table by key, trimmed to what the join reads. */
public final class SubscriptionIndexProcessor implements Processor<String, SubscriptionChange, Void, Void> {

    private KeyValueStore<String, IndexEntry> index;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.index = context.getStateStore(FanoutJoinProcessor.INDEX_STORE);
    }

    @Override
    public void process(Record<String, SubscriptionChange> record) {
        SubscriptionChange change = record.value();
        if (change.removed()) {
            index.delete(change.indexKey());
        } else {
            index.put(change.indexKey(), IndexEntry.of(change.subscription()));
        }
    }
}

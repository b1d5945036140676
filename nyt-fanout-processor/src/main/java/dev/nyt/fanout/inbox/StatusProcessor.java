package dev.nyt.fanout.inbox;

import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationSelection;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.StatusCommand;
import dev.nyt.fanout.StoreKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Learns what a user has viewed (mark-read, goto) so a viewed notification is no longer coalesced
 * into, and confirms every status command on {@code nyt-notifications} ({@link NotificationsViewed} and the
 * seen / archived confirmations), in order with the user's other notification events. Seen and archived
 * do not change coalescing (django-nyt's rule looks at viewed only), so they pass through without state.
 */
public final class StatusProcessor implements Processor<String, StatusCommand, String, NotificationEvent> {

    private ProcessorContext<String, NotificationEvent> context;
    private KeyValueStore<String, InboxEntry> latest;

    @Override
    public void init(ProcessorContext<String, NotificationEvent> context) {
        this.context = context;
        this.latest = context.getStateStore(InboxEntry.STORE);
    }

    @Override
    public void process(Record<String, StatusCommand> record) {
        StatusCommand command = record.value();
        if (command == null) {
            return;
        }
        // Rerouting.owned has refused a record whose key is not the command's userId
        Instant now = Instant.ofEpochMilli(record.timestamp());
        if (command instanceof MarkViewed viewed) {
            markViewed(viewed, now);
        }
        context.forward(record.withValue(command.confirmed(now)));
    }

    private void markViewed(MarkViewed command, Instant now) {
        NotificationSelection.Matcher selected = command.matcher();
        List<KeyValue<String, InboxEntry>> marked = new ArrayList<>();
        try (KeyValueIterator<String, InboxEntry> it =
                     latest.prefixScan(StoreKeys.prefix(command.userId()), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, InboxEntry> next = it.next();
                if (!next.value.isViewed() && selected.covers(next.value.id(), next.value.key())) {
                    marked.add(KeyValue.pair(next.key, next.value.viewed(now)));
                }
            }
        }
        latest.putAll(marked);
    }
}

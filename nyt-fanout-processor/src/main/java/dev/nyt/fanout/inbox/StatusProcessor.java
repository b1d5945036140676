package dev.nyt.fanout.inbox;

import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationsViewed;
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
 * into, and confirms it on {@code nyt-notifications} as {@link NotificationsViewed}, in order with
 * the user's other notification events.
 */
public final class StatusProcessor implements Processor<String, MarkViewed, String, NotificationEvent> {

    private ProcessorContext<String, NotificationEvent> context;
    private KeyValueStore<String, InboxEntry> latest;

    @Override
    public void init(ProcessorContext<String, NotificationEvent> context) {
        this.context = context;
        this.latest = context.getStateStore(InboxEntry.STORE);
    }

    @Override
    public void process(Record<String, MarkViewed> record) {
        MarkViewed command = record.value();
        if (command == null) {
            return;
        }
        // Rerouting.owned has refused a record whose key is not the command's userId
        Instant now = Instant.ofEpochMilli(record.timestamp());
        List<KeyValue<String, InboxEntry>> marked = new ArrayList<>();
        try (KeyValueIterator<String, InboxEntry> it =
                     latest.prefixScan(StoreKeys.prefix(command.userId()), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, InboxEntry> next = it.next();
                if (!next.value.isViewed() && covers(command, next.value)) {
                    marked.add(KeyValue.pair(next.key, next.value.viewed(now)));
                }
            }
        }
        latest.putAll(marked);
        context.forward(record.withValue(new NotificationsViewed(command.userId(), command.idLte(), command.idGte(),
                command.key(), now)));
    }

    static boolean covers(MarkViewed command, InboxEntry entry) {
        return entry.id() <= command.idLte()
                && (command.idGte() == null || entry.id() >= command.idGte())
                && (command.key() == null || command.key().equals(entry.key()));
    }
}

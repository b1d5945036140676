package dev.nyt.fanout.route;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.json.JsonSerde;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * One event on its way to the inbox task of one partition of the user-keyed topics, which holds some of its
 * subscribers. Internal: travels on the {@code fanout-events-by-partition} repartition topic (keyed by the
 * notification key, on partition {@code partition}) as the partition, then the event's JSON.
 */
public record Routed(int partition, NotifyRequested event) {

    /** Sends each record to the partition it names. */
    public static StreamPartitioner<String, Routed> partitioner() {
        return (topic, key, routed, partitions) -> Optional.of(Set.of(routed.partition()));
    }

    public static Serde<Routed> serde() {
        JsonSerde<NotifyRequested> events = JsonSerde.of(NotifyRequested.class);
        Serializer<Routed> serializer = (topic, routed) -> {
            if (routed == null) {
                return null;
            }
            byte[] event = events.serialize(topic, routed.event);
            return ByteBuffer.allocate(4 + event.length).putInt(routed.partition).put(event).array();
        };
        Deserializer<Routed> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length < 5) {
                throw new IllegalArgumentException("not a routed event: " + data.length + " bytes");
            }
            int partition = ByteBuffer.wrap(data).getInt();
            if (partition < 0) {
                throw new IllegalArgumentException("not a routed event: partition " + partition);
            }
            return new Routed(partition, events.deserialize(topic, Arrays.copyOfRange(data, 4, data.length)));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}

package dev.nyt.fanout.route;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Whether the users of one partition of the user-keyed topics include a subscriber of a key (the record's
 * key), as that partition's registry task sees its index after a change. Internal: travels on the
 * {@code fanout-presence-by-key} repartition topic to the task that routes the key's events, as five bytes
 * (partition, then 1 or 0).
 */
public record KeyPresence(int partition, boolean present) {

    public static Serde<KeyPresence> serde() {
        Serializer<KeyPresence> serializer = (topic, presence) -> presence == null ? null
                : ByteBuffer.allocate(5).putInt(presence.partition).put((byte) (presence.present ? 1 : 0)).array();
        Deserializer<KeyPresence> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length != 5 || (data[4] & 0xFE) != 0) {
                throw new IllegalArgumentException("not a key presence record: " + data.length + " bytes");
            }
            return new KeyPresence(ByteBuffer.wrap(data).getInt(), data[4] == 1);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}

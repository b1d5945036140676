package dev.nyt.fanout.inbox;

import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.json.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the fan-out join keeps of a subscription beyond its index key (which already names the key,
 * user, settings and subscription): the one object it is narrowed to, or nothing when it receives
 * every event of its key. A broadcast scans one such value per subscriber, so the common case costs
 * no decoding at all: it is stored as zero bytes; a narrowed one as the JSON of its {@link Target}.
 *
 * @param object the target with an object id the subscription is narrowed to; {@code null} for any
 */
public record IndexEntry(Target object) {

    /** A subscription to every event of its key. */
    public static final IndexEntry ANY = new IndexEntry(null);

    private static final byte[] NO_BYTES = new byte[0];

    public static IndexEntry of(Subscription subscription) {
        Target target = subscription.target();
        return target == null || target.objectId() == null ? ANY : new IndexEntry(target);
    }

    public boolean matches(Target event) {
        return Target.matches(object, event);
    }

    /** The store's serde: zero bytes for {@link #ANY}, else the target's JSON; null stays null. */
    public static Serde<IndexEntry> serde() {
        JsonSerde<Target> targets = JsonSerde.of(Target.class);
        Serializer<IndexEntry> serializer = (topic, entry) -> {
            if (entry == null) {
                return null;
            }
            return entry.object == null ? NO_BYTES : targets.serialize(topic, entry.object);
        };
        Deserializer<IndexEntry> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            return data.length == 0 ? ANY : new IndexEntry(targets.deserialize(topic, data));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}

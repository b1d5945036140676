package dev.nyt.fanout.join;

import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.json.JsonSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
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
        return new EntrySerde();
    }

    private static final class EntrySerde implements Serde<IndexEntry>, Serializer<IndexEntry>, Deserializer<IndexEntry> {

        private final JsonSerde<Target> targets = JsonSerde.of(Target.class);

        @Override
        public byte[] serialize(String topic, IndexEntry entry) {
            if (entry == null) {
                return null;
            }
            return entry.object == null ? NO_BYTES : targets.serialize(topic, entry.object);
        }

        @Override
        public IndexEntry deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            return data.length == 0 ? ANY : new IndexEntry(targets.deserialize(topic, data));
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // nothing to configure
        }

        @Override
        public void close() {
            // stateless
        }

        @Override
        public Serializer<IndexEntry> serializer() {
            return this;
        }

        @Override
        public Deserializer<IndexEntry> deserializer() {
            return this;
        }
    }
}

package dev.nyt.runtime;

import dev.nyt.events.topic.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Reads a topic that producers write and answers only records in the task that owns their key,
 * whatever partitioner the producer used.
 *
 * <p>Kafka Streams' state is per partition: a record must arrive on the partition its key hashes
 * to with the Java client's partitioner (murmur2 of the serialized key), or the task that reads it
 * holds none of its key's state. librdkafka's default ({@code consistent_random}, CRC32) and other
 * clients disagree, so a record on another partition is sent once through the repartition topic
 * {@code <application.id>-<name>-rerouted-repartition}, which Kafka Streams writes with murmur2, and
 * is processed from there. Records already on their partition pass a hash of the key and nothing
 * else. Records of one key from one producer with one partitioner all take the same path, so their
 * order holds; a key written by two producers with different partitioners has no order between
 * them (as with any two producers).
 *
 * <p>Before any of that, a record without a key, or with a key that disagrees with its value (the
 * notification key of a NotifyRequested, the userId of a command or user), is refused: it goes to
 * {@code nyt-dead-letter} as it was received, with its source topic, partition, offset and the
 * reason, and nothing is done on a guess. A tombstone (no value) needs only a key. Re-routed
 * records are counted in {@code nyt_rerouted_records_total{topic}}.
 */
public final class Rerouting {

    public static final String COUNTER = "nyt.rerouted.records";

    private Rerouting() {
    }

    /**
     * The topic as a stream of records that are in the task owning their key.
     *
     * @param name       the prefix of the processors and the repartition topic this adds
     * @param partitions the topic's partition count (the re-routing topic gets as many)
     * @param keyOf      the key a value must have, named in the refusal (e.g. {@code "userId"})
     */
    public static <V> KStream<String, V> owned(StreamsBuilder builder, Topic<String, V> topic, String name,
                                               int partitions, KeyOf<V> keyOf, MeterRegistry registry) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(keyOf, "keyOf");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        Counter rerouted = Counter.builder(COUNTER).tag("topic", topic.name())
                .description("Records that arrived on a partition other than the one their key hashes to, and were re-routed")
                .register(registry);
        KStream<String, V> source = builder.stream(topic.name(), topic.consumed().withName(name + "-source"))
                .processValues(() -> new KeyCheck<>(keyOf), Named.as(name + "-key-check"));
        KStream<String, V> local = source.processValues(
                () -> new PartitionFilter<>(topic, partitions, true, null), Named.as(name + "-local"));
        KStream<String, V> misrouted = source.processValues(
                () -> new PartitionFilter<>(topic, partitions, false, rerouted), Named.as(name + "-misrouted"));
        KStream<String, V> arrived = misrouted.repartition(Repartitioned.<String, V>as(name + "-rerouted")
                .withKeySerde(topic.keySerde())
                .withValueSerde(topic.valueSerde())
                .withNumberOfPartitions(partitions));
        return local.merge(arrived, Named.as(name + "-owned"));
    }

    /** The partition the Java producer's default partitioner (and so Kafka Streams) gives a key. */
    public static int partitionOf(byte[] serializedKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(serializedKey)) % partitions;
    }

    /** The key a value must be published under, and the field that holds it. */
    public interface KeyOf<V> {
        String field();

        String keyOf(V value);

        static <V> KeyOf<V> of(String field, java.util.function.Function<V, String> keyOf) {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(keyOf, "keyOf");
            return new KeyOf<>() {
                @Override
                public String field() {
                    return field;
                }

                @Override
                public String keyOf(V value) {
                    return keyOf.apply(value);
                }
            };
        }
    }

    /** Refuses a record without a key, or whose key is not the one its value names. */
    private static final class KeyCheck<V> implements FixedKeyProcessor<String, V, V> {
        private final KeyOf<V> keyOf;
        private FixedKeyProcessorContext<String, V> context;

        KeyCheck(KeyOf<V> keyOf) {
            this.keyOf = keyOf;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            if (record.key() == null) {
                throw new RefusedException("the record has no key: it must be the " + keyOf.field()
                        + ", so that it reaches the task holding its state");
            }
            if (record.value() != null) {
                String expected = keyOf.keyOf(record.value());
                if (!record.key().equals(expected)) {
                    throw new RefusedException("the record key '" + record.key() + "' is not the " + keyOf.field()
                            + " '" + expected + "' of its value");
                }
            }
            context.forward(record);
        }
    }

    /** Passes the records on their own partition, or else the others. */
    private static final class PartitionFilter<V> implements FixedKeyProcessor<String, V, V> {
        private final Topic<String, V> topic;
        private final int partitions;
        private final boolean passLocal;
        private final Counter rerouted;
        private Serializer<String> keys;
        private FixedKeyProcessorContext<String, V> context;

        PartitionFilter(Topic<String, V> topic, int partitions, boolean passLocal, Counter rerouted) {
            this.topic = topic;
            this.partitions = partitions;
            this.passLocal = passLocal;
            this.rerouted = rerouted;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
            this.keys = topic.keySerde().serializer();
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            boolean local = context.recordMetadata()
                    .map(metadata -> metadata.partition() == partitionOf(keys.serialize(topic.name(), record.key()), partitions))
                    .orElse(true);
            if (local == passLocal) {
                if (!local) {
                    rerouted.increment();
                }
                context.forward(record);
            }
        }
    }
}

package dev.nyt.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings every nyt processor shares: exactly once, named resources, dead letters. */
public final class StreamsProps {

    /**
     * The settings of {@link #base} the environment ({@code NYT_KAFKA_STREAMS_*}, {@link KafkaClients#streams})
     * may not change, with what to do instead. Its other settings (linger, compression, the transaction
     * timeout, the consumers' offset reset) are defaults.
     */
    public static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "it is the topic prefix (NYT_TOPIC_PREFIX) and the processor's name"),
            Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "nyt processes exactly once"),
            Map.entry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "nyt's internal topics and stores keep their names"),
            Map.entry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "use NYT_TOPIC_REPLICATION"),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, "use NYT_STATE_DIR"),
            Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "use " + Membership.STANDBY_VARIABLE),
            Map.entry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "use " + Membership.INSTANCE_VARIABLE),
            Map.entry(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "use " + Membership.INSTANCE_VARIABLE),
            Map.entry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "use " + Membership.INSTANCE_VARIABLE),
            Map.entry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "it is nyt-dead-letter (with NYT_TOPIC_PREFIX)"),
            Map.entry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, "nyt dead-letters what it cannot read"),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, "nyt dead-letters refused input and stops on failures"));

    private StreamsProps() {
    }

    public static Properties base(String applicationId, KafkaConfig kafka, MeterRegistry registry) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.topics().prefix() + applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replication());
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir().resolve(applicationId).toString());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, kafka.topics().deadLetter().name());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Unreadable.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Refused.class);
        props.put(DeadLetters.METER_REGISTRY_CONFIG, registry);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        props.putAll(kafka.membership().streamsSettings());
        return props;
    }

    /** The meter registry {@link #base} put into the properties, for the topology's own meters. */
    public static MeterRegistry meterRegistry(Properties props) {
        if (props.get(DeadLetters.METER_REGISTRY_CONFIG) instanceof MeterRegistry registry) {
            return registry;
        }
        throw new IllegalArgumentException("the properties have no meter registry under " + DeadLetters.METER_REGISTRY_CONFIG
                + ": build them with StreamsProps.base");
    }
}

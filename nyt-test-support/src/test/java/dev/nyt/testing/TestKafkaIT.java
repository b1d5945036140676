package dev.nyt.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TestKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int BACK_TO_BACK_PARTITIONS = 6;
    private static final int BACK_TO_BACK_TRANSACTIONS = 100;

    @Test
    void committedTransactionIsReadBackWithReadCommitted() {
        // Given
        String topic = TestKafka.uniqueName("committed");
        TestKafka.createTopics(2, topic);

        // When
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            producer.send(record(topic, "a", "first"));
            producer.send(record(topic, "b", "second"));
            producer.commitTransaction();
        }

        // Then
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.consume(topic, 2, TIMEOUT);
        assertThat(records).extracting(r -> new String(r.value(), UTF_8))
                .containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void abortedTransactionIsInvisibleToReadCommitted() {
        // Given
        String topic = TestKafka.uniqueName("aborted");
        TestKafka.createTopics(1, topic);

        // When
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            producer.send(record(topic, "a", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record(topic, "a", "committed"));
            producer.commitTransaction();
        }

        // Then
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.consume(topic, 1, TIMEOUT);
        assertThat(records).extracting(r -> new String(r.value(), UTF_8)).containsExactly("committed");
    }

    @Test
    void backToBackTransactionsAcrossPartitionsAreWrittenWithoutProducerRetries() throws Exception {
        // Given a transactional producer that pipelines several small batches per partition, as
        // Kafka Streams' producers do (up to 5 requests in flight)
        String topic = TestKafka.uniqueName("back-to-back");
        TestKafka.createTopics(BACK_TO_BACK_PARTITIONS, topic);
        Map<String, Object> config = TestKafka.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.uniqueName("tx"));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        byte[] value = new byte[200];
        new Random(1).nextBytes(value);
        int perTransaction = BACK_TO_BACK_PARTITIONS * 20;
        // as a stream thread does, each transaction also commits the input offsets of a consumer group
        ConsumerGroupMetadata group;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TestKafka.consumerConfig(TestKafka.uniqueName("group")))) {
            group = consumer.groupMetadata();
        }

        // When it commits transaction after transaction, each starting right after the previous commit
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            for (int t = 0; t < BACK_TO_BACK_TRANSACTIONS; t++) {
                producer.beginTransaction();
                for (int r = 0; r < perTransaction; r++) {
                    producer.send(new ProducerRecord<>(topic, r % BACK_TO_BACK_PARTITIONS, null, value));
                }
                producer.sendOffsetsToTransaction(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(t)), group);
                producer.commitTransaction();
            }

            // Then the broker held each transaction's first request until the previous transaction
            // was complete: no CONCURRENT_TRANSACTIONS, so no OUT_OF_ORDER_SEQUENCE_NUMBER behind it
            assertThat(producerMetric(producer, "record-retry-total"))
                    .as("records the producer had to send again").isZero();
            assertThat(producerMetric(producer, "record-error-total")).isZero();
        }
        assertThat(TestKafka.consume(topic, BACK_TO_BACK_TRANSACTIONS * perTransaction, TIMEOUT))
                .hasSize(BACK_TO_BACK_TRANSACTIONS * perTransaction);
    }

    @Test
    void compactedTopicIsCreatedWithCompactPolicy() throws Exception {
        // Given
        String topic = TestKafka.uniqueName("compacted");

        // When
        TestKafka.createCompactedTopic(topic, 1);

        // Then
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void uniqueNamesDifferAndAreValidTopicNames() {
        String first = TestKafka.uniqueName("orders");
        String second = TestKafka.uniqueName("orders");

        assertThat(first).isNotEqualTo(second).startsWith("orders-").matches("[a-zA-Z0-9._-]+");
    }

    @Test
    void uniqueNameRejectsCharactersKafkaDoesNotAllow() {
        assertThatThrownBy(() -> TestKafka.uniqueName("no spaces"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consumingATopicThatWasNeverCreatedFails() {
        String topic = TestKafka.uniqueName("missing");

        assertThatThrownBy(() -> TestKafka.consume(topic, 1, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(topic);
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer() {
        Map<String, Object> config = TestKafka.producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.uniqueName("tx"));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        producer.initTransactions();
        return producer;
    }

    private static double producerMetric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key.getBytes(UTF_8), value.getBytes(UTF_8));
    }
}

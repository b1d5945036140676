package dev.nyt.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TestKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key.getBytes(UTF_8), value.getBytes(UTF_8));
    }
}

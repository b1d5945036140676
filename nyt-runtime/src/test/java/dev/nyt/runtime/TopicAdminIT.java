package dev.nyt.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** Topic creation against a real broker: policies, co-partitioning, and topics served on return. */
class TopicAdminIT {

    private static KafkaConfig kafka(Topics topics) {
        return new KafkaConfig(TestKafka.bootstrapServers(), topics, 4, (short) 1, Path.of("unused"));
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
    }

    @Test
    void createsEveryTopicWithItsPolicyAndTheyAreServedOnReturn() throws Exception {
        Topics topics = Topics.withPrefix(TestKafka.uniqueName("admin") + "-");

        Map<String, Integer> partitions = TopicAdmin.ensureTopics(kafka(topics));

        assertThat(partitions).hasSize(topics.all().size() + 1).allSatisfy((name, count) -> assertThat(count).isEqualTo(4));
        assertThat(partitions).containsKey(CommandOutcome.topic(topics).name()); // internal, created alike
        try (Admin admin = admin()) {
            for (Topic<?, ?> topic : topics.all()) {
                var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())))
                        .all().get().values().iterator().next();
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(topic.name())
                        .isEqualTo(topic.compacted() ? "compact" : "delete");
                boolean keptForever = topic == topics.notifications() || topic == topics.emailEvents();
                if (keptForever) {
                    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as(topic.name()).isEqualTo("-1");
                }
            }
        }
        // an idempotent producer writes to every partition at once, without the first-batch race
        Map<String, Object> config = TestKafka.producerConfig();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<byte[], byte[]>(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Topic<?, ?> topic : topics.all()) {
                for (int p = 0; p < 4; p++) {
                    sent.add(producer.send(new ProducerRecord<>(topic.name(), p, new byte[] {(byte) p}, new byte[] {1})));
                }
            }
            for (Future<RecordMetadata> future : sent) {
                assertThat(future.get().offset()).isZero();
            }
        }
    }

    @Test
    void refusesUserKeyedTopicsWithDifferentPartitionCounts() throws Exception {
        Topics topics = Topics.withPrefix(TestKafka.uniqueName("admin") + "-");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topics.users().name(), 2, (short) 1))).all().get();
        }

        assertThatThrownBy(() -> TopicAdmin.ensureTopics(kafka(topics)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same number of partitions")
                .hasMessageContaining(topics.users().name());
    }
}

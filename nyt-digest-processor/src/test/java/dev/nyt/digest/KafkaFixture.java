package dev.nyt.digest;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.Settings;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.TopicAdmin;
import dev.nyt.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The real broker for an integration test: topics of its own (a unique prefix), created up front,
 * a producer that publishes the contract's records, and a read_committed view of nyt-email-events.
 */
final class KafkaFixture implements AutoCloseable {

    final Map<String, String> env = new HashMap<>();
    final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaFixture(Path stateDir) {
        String prefix = TestKafka.uniqueName("digest") + "-";
        env.put("NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers());
        env.put("NYT_TOPIC_PREFIX", prefix);
        env.put("NYT_TOPIC_PARTITIONS", "2");
        env.put("NYT_STATE_DIR", stateDir.toString());
        env.put("NYT_DIGEST_TICK_SECONDS", "1");
        env.put("NYT_SMTP_HOST", "127.0.0.1");
        env.put("NYT_SMTP_TIMEOUT_SECONDS", "5");
        this.topics = Topics.withPrefix(prefix);
        TopicAdmin.ensureTopics(KafkaConfig.fromEnv(new Env(env)));
        this.producer = new KafkaProducer<>(TestKafka.producerConfig());
    }

    /** The digest's configuration: the fixture's variables, then {@code overrides}. */
    DigestConfig config(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(overrides);
        return DigestConfig.fromEnv(all);
    }

    Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(overrides);
        return all;
    }

    KafkaFixture user(User user) {
        return publish(topics.users(), user.userId(), user);
    }

    KafkaFixture settings(Settings settings) {
        return publish(topics.settings(), SettingsKey.of(settings).encode(), settings);
    }

    KafkaFixture subscribe(Subscription subscription) {
        return publish(topics.subscriptions(), subscription.subscriptionId(), subscription);
    }

    KafkaFixture notify(NotificationEvent event) {
        return publish(topics.notifications(), event.userId(), event);
    }

    private <V> KafkaFixture publish(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
        producer.flush();
        return this;
    }

    /** The committed e-mail events, once at least {@code count} are there or {@code timeout} passed. */
    List<EmailEvent> emailEvents(int count, Duration timeout) {
        Topic<String, EmailEvent> topic = topics.emailEvents();
        return TestKafka.consume(topic.name(), count, timeout).stream()
                .map(r -> topic.valueSerde().deserializer().deserialize(topic.name(), r.value()))
                .toList();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

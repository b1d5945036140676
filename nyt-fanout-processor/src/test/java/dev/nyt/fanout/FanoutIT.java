package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.Subscription;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Env;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.TopicTail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fan-out processor against a real broker, with exactly-once on. */
class FanoutIT {

    private static Topics topics;
    private static FanoutService service;
    private static Nyt nyt;

    @BeforeAll
    static void start() throws Exception {
        String prefix = TestKafka.uniqueName("fanout") + "-";
        topics = Topics.withPrefix(prefix);
        FanoutConfig config = FanoutConfig.fromEnv(new Env(Map.of(
                "NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers(),
                "NYT_TOPIC_PREFIX", prefix,
                "NYT_TOPIC_PARTITIONS", "3",
                "NYT_STATE_DIR", Files.createTempDirectory("nyt-fanout-it").toString())));
        service = FanoutService.start(config, new SimpleMeterRegistry());
        nyt = Nyt.connect(TestKafka.bootstrapServers(), topics);
        await("fan-out processor running").atMost(Duration.ofSeconds(60)).until(service::ready);
    }

    @AfterAll
    static void stop() {
        nyt.close();
        service.close();
    }

    private static <V> TopicTail<String, V> tail(Topic<String, V> topic) {
        return new TopicTail<>(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Test
    void notifyThroughTheClientReachesEverySubscriberOnNotifications() {
        try (TopicTail<String, Subscription> subscriptions = tail(topics.subscriptions());
             TopicTail<String, NotificationEvent> notifications = tail(topics.notifications())) {
            nyt.subscribe("it-alice", "it/comment").join();
            nyt.subscribe("it-bob", "it/comment").join();
            await("both subscriptions in the table").atMost(Duration.ofSeconds(30))
                    .until(() -> subscriptions.records().size() >= 2);

            String eventId = nyt.notify(Notify.of("a comment", "it/comment").url("/c/1").excludeUsers("it-carol"))
                    .join().eventId();

            await("a notification for each subscriber").atMost(Duration.ofSeconds(30))
                    .until(() -> of(notifications, eventId).size() >= 2);
            List<ConsumerRecord<String, NotificationEvent>> out = of(notifications, eventId);
            assertThat(out).hasSize(2).allSatisfy(record -> {
                assertThat(record.value()).isInstanceOfSatisfying(NotificationCreated.class, created -> {
                    assertThat(created.userId()).isEqualTo(record.key());
                    assertThat(created.eventId()).isEqualTo(eventId);
                    assertThat(created.url()).isEqualTo("/c/1");
                });
            });
            assertThat(out).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("it-alice", "it-bob");
        }
    }

    @Test
    void poisonRecordInEachInputTopicIsDeadLetteredAndTheNextIsProcessed() {
        Map<String, String> poison = Map.of(
                topics.notifyRequested().name(), "{not json",
                topics.subscriptionRequests().name(), "{\"type\": \"nope\", \"userId\": \"it-dave\"}",
                topics.users().name(), "{\"email\": \"no-id@example.com\"}",
                topics.notificationStatus().name(), "{\"type\": \"markViewed\", \"userId\": \"it-dave\", \"idLte\": 0}");
        try (var producer = new KafkaProducer<byte[], byte[]>(TestKafka.producerConfig());
             var dead = new TopicTail<>(topics.deadLetter().name(), topics.deadLetter().keySerde().deserializer(),
                     topics.deadLetter().valueSerde().deserializer());
             TopicTail<String, NotificationEvent> notifications = tail(topics.notifications())) {
            poison.forEach((topic, value) -> producer.send(new ProducerRecord<>(topic,
                    "it-dave".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))));
            producer.flush();

            nyt.subscribe("it-dave", "it/after-poison").join();
            await("the subscription after the poison is applied").atMost(Duration.ofSeconds(30)).until(() -> {
                nyt.notify("after poison", "it/after-poison").join();
                return notifications.values().stream().anyMatch(e -> e.userId().equals("it-dave"));
            });
            await("every poison record dead-lettered").atMost(Duration.ofSeconds(30))
                    .until(() -> dead.records().size() >= poison.size());
            assertThat(dead.records()).allSatisfy(record -> {
                String source = header(record, "__streams.errors.topic");
                assertThat(poison).containsKey(source);
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(poison.get(source));
                assertThat(header(record, "__streams.errors.offset")).isNotBlank();
                assertThat(header(record, "__streams.errors.message")).isNotBlank();
            });
        }
    }

    /** The notifications of one event: the topics are shared by the tests of this class. */
    private static List<ConsumerRecord<String, NotificationEvent>> of(TopicTail<String, NotificationEvent> tail,
                                                                     String eventId) {
        return tail.records().stream()
                .filter(r -> r.value() instanceof NotificationCreated c && c.eventId().equals(eventId))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

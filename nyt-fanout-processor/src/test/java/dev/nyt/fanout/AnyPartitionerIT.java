package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Rerouting;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.TopicTail;
import dev.nyt.testing.WrongPartitioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every input topic written by a producer whose partitioner is not murmur2 (issue 13): each record is
 * re-routed to the task that owns its key, so notifications, subscriptions and status are exactly
 * what the right partitioner gives, and records without a key or with a key that disagrees with
 * the value are dead-lettered in the owning task.
 */
class AnyPartitionerIT {

    private static final int PARTITIONS = 3;

    private static Topics topics;
    private static FanoutService service;
    private static SimpleMeterRegistry registry;
    private static Nyt wrong;

    @BeforeAll
    static void start() throws Exception {
        String prefix = TestKafka.uniqueName("anyp") + "-";
        topics = Topics.withPrefix(prefix);
        FanoutConfig config = FanoutConfig.fromEnv(new Env(Map.of(
                "NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers(),
                "NYT_TOPIC_PREFIX", prefix,
                "NYT_TOPIC_PARTITIONS", String.valueOf(PARTITIONS),
                "NYT_STATE_DIR", Files.createTempDirectory("nyt-anyp-it").toString())));
        registry = new SimpleMeterRegistry();
        service = FanoutService.start(config, registry);
        wrong = Nyt.create(WrongPartitioner.config(TestKafka.producerConfig()), topics);
        await("fan-out processor running").atMost(Duration.ofSeconds(60)).until(service::ready);
    }

    @AfterAll
    static void stop() {
        wrong.close();
        service.close();
    }

    @Test
    void everyInputOnTheWrongPartitionIsProcessedExactlyOnceInTheOwningTask() {
        List<String> users = List.of("anyp-alice", "anyp-bob", "anyp-carol", "anyp-dave");
        List<String> keys = List.of("anyp/a", "anyp/b", "anyp/c", "anyp/d", "anyp/e", "anyp/f");
        try (TopicTail<String, Subscription> subscriptions = tail(topics.subscriptions());
             TopicTail<String, NotificationEvent> notifications = tail(topics.notifications())) {
            for (String user : users) {
                onWrongPartition(topics.users(), user, wrong.upsertUser(new User(user, user + "@example.com", user, true)).join());
                for (String key : keys) {
                    onWrongPartition(topics.subscriptionRequests(), user, wrong.subscribe(Subscribe.of(user, key)).join());
                }
            }
            await("every subscription in the table").atMost(Duration.ofSeconds(60))
                    .until(() -> subscriptions.records().size() >= users.size() * keys.size());
            assertThat(subscriptions.values()).extracting(Subscription::userId).containsOnly(users.toArray(String[]::new));

            // several events per key, published back to back: each subscriber gets each once, in order
            List<String> eventIds = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String key : keys) {
                    var published = wrong.notify(Notify.of("round " + round, key).url("/" + key + "/" + round)).join();
                    assertThat(published.partition()).as("the producer chose another partition than murmur2")
                            .isNotEqualTo(Rerouting.partitionOf(key.getBytes(StandardCharsets.UTF_8), PARTITIONS));
                    eventIds.add(published.eventId());
                }
            }
            int expected = eventIds.size() * users.size();
            await("a notification per event and subscriber").atMost(Duration.ofSeconds(60))
                    .until(() -> created(notifications).size() >= expected);
            List<ConsumerRecord<String, NotificationEvent>> created = created(notifications);
            assertThat(created).hasSize(expected);
            for (String user : users) {
                List<NotificationCreated> mine = created.stream().filter(r -> r.key().equals(user))
                        .map(r -> (NotificationCreated) r.value()).toList();
                assertThat(mine).extracting(NotificationCreated::eventId).containsExactlyInAnyOrderElementsOf(eventIds);
                assertThat(mine).extracting(NotificationCreated::id).doesNotHaveDuplicates().isSorted();
                for (String key : keys) {
                    assertThat(mine.stream().filter(n -> n.key().equals(key)).map(NotificationCreated::url))
                            .as("per-key order of %s for %s", key, user)
                            .containsExactly("/" + key + "/0", "/" + key + "/1", "/" + key + "/2", "/" + key + "/3",
                                    "/" + key + "/4");
                }
            }

            // mark read, also on the wrong partition, reaches the same user's inbox
            long aliceLast = created.stream().filter(r -> r.key().equals("anyp-alice"))
                    .mapToLong(r -> ((NotificationCreated) r.value()).id()).max().orElseThrow();
            onWrongPartition(topics.notificationStatus(), "anyp-alice", wrong.markRead(MarkViewed.upTo("anyp-alice", aliceLast)).join());
            await("alice's notifications viewed").atMost(Duration.ofSeconds(30)).until(() -> notifications.values().stream()
                    .anyMatch(e -> e instanceof NotificationsViewed v && v.userId().equals("anyp-alice")));
            assertThat(notifications.values().stream().filter(NotificationsViewed.class::isInstance)
                    .map(NotificationEvent::userId)).containsOnly("anyp-alice");
        }
        for (Topic<?, ?> topic : List.of(topics.users(), topics.subscriptionRequests(), topics.notifyRequested(),
                topics.notificationStatus())) {
            assertThat(registry.get(Rerouting.COUNTER).tag("topic", topic.name()).counter().count()).as(topic.name())
                    .isPositive();
        }
    }

    @Test
    void nullAndMismatchedKeysAreDeadLetteredWithTheReason() {
        String user = "anyp-erin";
        Map<String, Object> config = WrongPartitioner.config(TestKafka.producerConfig());
        try (var producer = new KafkaProducer<byte[], byte[]>(config);
             var dead = new TopicTail<>(topics.deadLetter().name(), topics.deadLetter().keySerde().deserializer(),
                     topics.deadLetter().valueSerde().deserializer());
             TopicTail<String, NotificationEvent> notifications = tail(topics.notifications())) {
            wrong.subscribe(user, "anyp/erin").join();
            Map<String, String> values = Map.of(
                    topics.notifyRequested().name(), json(topics.notifyRequested(), Notify.of("stray", "anyp/erin").toEvent()),
                    topics.subscriptionRequests().name(), json(topics.subscriptionRequests(), Subscribe.of(user, "anyp/x")),
                    topics.users().name(), json(topics.users(), new User(user, "erin@example.com", "Erin", false)),
                    topics.notificationStatus().name(), json(topics.notificationStatus(), MarkViewed.upTo(user, 1_000_000)));
            Map<String, Integer> expected = new java.util.HashMap<>();
            values.forEach((topic, value) -> {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                if (!topic.equals(topics.users().name())) {
                    producer.send(new ProducerRecord<>(topic, null, bytes));
                    expected.merge(topic, 1, Integer::sum);
                }
                producer.send(new ProducerRecord<>(topic, "anyp-not-erin".getBytes(StandardCharsets.UTF_8), bytes));
                expected.merge(topic, 1, Integer::sum);
            });
            producer.flush();
            // nyt-users is compacted: the broker itself refuses a record without a key
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.users().name(), null,
                    values.get(topics.users().name()).getBytes(StandardCharsets.UTF_8))).get())
                    .hasCauseInstanceOf(InvalidRecordException.class);

            int total = expected.values().stream().mapToInt(Integer::intValue).sum();
            await("a dead letter per stray record").atMost(Duration.ofSeconds(60))
                    .until(() -> dead.records().size() >= total);
            assertThat(dead.records()).hasSize(total);
            Map<String, Integer> sources = dead.records().stream()
                    .collect(Collectors.toMap(r -> header(r, "__streams.errors.topic"), r -> 1, Integer::sum));
            assertThat(sources).as("dead-lettered from the topic the producer wrote, before any re-routing")
                    .isEqualTo(expected);
            assertThat(dead.records()).allSatisfy(r -> {
                assertThat(header(r, "__streams.errors.message")).containsAnyOf("has no key", "is not the");
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).as("the bytes as received")
                        .isEqualTo(values.get(header(r, "__streams.errors.topic")));
            });

            // erin is still active and subscribed: the stray user record and commands did nothing
            await("erin still gets her notifications").atMost(Duration.ofSeconds(30)).until(() -> {
                wrong.notify("after the strays", "anyp/erin").join();
                return notifications.values().stream().anyMatch(e -> e instanceof NotificationCreated c
                        && c.userId().equals(user) && c.message().equals("after the strays"));
            });
            assertThat(notifications.values()).noneMatch(e -> e instanceof NotificationCreated c
                    && c.message().equals("stray"));
            assertThat(notifications.values()).noneMatch(e -> e instanceof NotificationsViewed v && v.userId().equals(user));
        }
    }

    private static void onWrongPartition(Topic<String, ?> topic, String key, RecordMetadata metadata) {
        assertThat(metadata.partition()).as("%s went to another partition than murmur2 of %s", topic, key)
                .isNotEqualTo(Rerouting.partitionOf(key.getBytes(StandardCharsets.UTF_8), PARTITIONS));
    }

    private static <V> String json(Topic<String, V> topic, V value) {
        return new String(topic.valueSerde().serializer().serialize(topic.name(), value), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, NotificationEvent>> created(TopicTail<String, NotificationEvent> tail) {
        return tail.records().stream().filter(r -> r.value() instanceof NotificationCreated).toList();
    }

    private static <V> TopicTail<String, V> tail(Topic<String, V> topic) {
        return new TopicTail<>(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

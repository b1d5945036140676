package dev.nyt.api.push;

import static dev.nyt.api.push.PushHubTest.connect;
import static dev.nyt.api.push.PushHubTest.created;
import static dev.nyt.api.push.PushHubTest.partitionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.events.NotificationEvent;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The push consumer: decodes a record only when its user (the key) has a realtime client on this instance,
 * starts where the read model is, and notices partitions added to the topic.
 */
class PushConsumerTest {

    private static final Topic<String, NotificationEvent> REAL = Topics.withPrefix("").notifications();
    private static final TopicPartition PARTITION = new TopicPartition(REAL.name(), 0);

    private final AtomicInteger decoded = new AtomicInteger();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest");
    private final PushHub hub = new PushHub(new SimpleMeterRegistry());
    private final Map<Integer, Long> offsets = new HashMap<>();

    /** The contract serde, counting what it decodes. */
    private Topic<String, NotificationEvent> countingTopic() {
        Deserializer<NotificationEvent> real = REAL.valueSerde().deserializer();
        Deserializer<NotificationEvent> counting = (topic, data) -> {
            decoded.incrementAndGet();
            return real.deserialize(topic, data);
        };
        Serde<NotificationEvent> serde = Serdes.serdeFrom(REAL.valueSerde().serializer(), counting);
        return new Topic<>(REAL.name(), REAL.keySerde(), serde, REAL.compacted());
    }

    /** The topic has {@code count} partitions, each starting at 0 and ending at {@code end} (or at 0). */
    private void partitions(int count, Map<Integer, Long> end) {
        List<PartitionInfo> infos = new ArrayList<>();
        Map<TopicPartition, Long> beginning = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int p = 0; p < count; p++) {
            infos.add(new PartitionInfo(REAL.name(), p, Node.noNode(), new Node[0], new Node[0]));
            beginning.put(new TopicPartition(REAL.name(), p), 0L);
            ends.put(new TopicPartition(REAL.name(), p), end.getOrDefault(p, 0L));
            offsets.putIfAbsent(p, end.getOrDefault(p, 0L));
        }
        consumer.updatePartitions(REAL.name(), infos);
        consumer.updateBeginningOffsets(beginning);
        consumer.updateEndOffsets(ends);
    }

    private PushConsumer started(StreamPosition readModel) {
        return new PushConsumer(consumer, countingTopic(), hub, () -> readModel).start(Duration.ofSeconds(5));
    }

    private PushConsumer started() {
        partitions(1, Map.of());
        return started(StreamPosition.NONE);
    }

    private void publish(int partition, String key, NotificationEvent event) {
        byte[] value = REAL.valueSerde().serializer().serialize(REAL.name(), event);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        long offset = offsets.merge(partition, 1L, Long::sum) - 1;
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(REAL.name(), partition, offset, keyBytes, value)));
    }

    private void publish(String key, NotificationEvent event) {
        publish(0, key, event);
    }

    @Test
    void decodesOnlyTheRecordsOfConnectedUsers() {
        // Given alice connected, nobody else
        FakeConnection alice = new FakeConnection("alice", 100, false);
        try (PushConsumer push = started()) {
            connect(hub, alice);
            await("alice registered").atMost(Duration.ofSeconds(10)).until(() -> hub.connected("alice"));

            // When events of bob and carol come, then one of alice, then one without a key
            publish("bob", created("bob", 1));
            publish("carol", created("carol", 2));
            publish("alice", created("alice", 3));
            publish(null, created("alice", 4));

            // Then alice gets hers, and only her two records were decoded
            await("alice's events").atMost(Duration.ofSeconds(10)).until(() -> alice.sent.size() == 2);
            assertThat(alice.sent).extracting(PushMessage::notificationId).containsExactly(3L, 4L);
            assertThat(decoded).hasValue(2);
        }
    }

    @Test
    void decodesNothingWhileNoClientIsConnected() {
        try (PushConsumer push = started()) {
            // Given records while nobody is connected
            publish("bob", created("bob", 1));
            publish("alice", created("alice", 2));
            await("the records consumed").atMost(Duration.ofSeconds(10)).until(() -> consumer.position(PARTITION) == 2);

            // When alice connects and gets a later event (records are handed on in order)
            FakeConnection alice = new FakeConnection("alice", 100, false);
            connect(hub, alice);
            await("alice registered").atMost(Duration.ofSeconds(10)).until(() -> hub.connected("alice"));
            publish("alice", created("alice", 3));

            // Then only that one was decoded
            await("alice's event").atMost(Duration.ofSeconds(10)).until(() -> alice.sent.size() == 1);
            assertThat(alice.sent).extracting(PushMessage::notificationId).containsExactly(3L);
            assertThat(decoded).hasValue(1);
        }
    }

    @Test
    void aRegistrationLearnsTheOffsetAfterTheLastRecordHandedOn() {
        try (PushConsumer push = started()) {
            publish("bob", created("bob", 1));
            publish("bob", created("bob", 2));

            await("both records handed on").atMost(Duration.ofSeconds(10))
                    .until(() -> hub.register(new FakeConnection("alice", 1, false)).next(0) == 2);
        }
    }

    @Test
    void startsWhereTheReadModelIsButAtMostABacklogBeforeTheEnd() {
        // Given partition 0 projected close to its end, partition 1 far behind, partition 2 ahead of a recreated topic
        long far = 3 * PushConsumer.MAX_START_BACKLOG;
        partitions(3, Map.of(0, 100L, 1, far, 2, 5L));

        try (PushConsumer push = started(new StreamPosition(Map.of(0, 90L, 1, 10L, 2, 50L)))) {
            // Then each partition is read from where the read model is, or from a backlog before the end
            assertThat(consumer.position(new TopicPartition(REAL.name(), 0))).isEqualTo(90);
            assertThat(consumer.position(new TopicPartition(REAL.name(), 1))).isEqualTo(far - PushConsumer.MAX_START_BACKLOG);
            assertThat(consumer.position(new TopicPartition(REAL.name(), 2))).isEqualTo(5);

            // And only the partition that starts ahead of the read model makes a resume wait for it
            assertThat(positionOfAUserOn(0, 3).next()).isEmpty();
            assertThat(positionOfAUserOn(1, 3).next()).isEqualTo(Map.of(1, far - PushConsumer.MAX_START_BACKLOG));
            assertThat(positionOfAUserOn(2, 3).next()).isEmpty();
        }
    }

    private StreamPosition positionOfAUserOn(int partition, int partitions) {
        for (int i = 0; ; i++) {
            String user = "user-" + i;
            if (partitionOf(user, partitions) == partition) {
                return hub.register(new FakeConnection(user, 1, false));
            }
        }
    }

    @Test
    void noticesNewPartitionsAndReadsThemFromTheirBeginning() {
        // Given the topic with one partition, and alice connected
        partitions(1, Map.of());
        FakeConnection alice = new FakeConnection("alice", 100, false);
        try (PushConsumer push = started(StreamPosition.NONE)) {
            connect(hub, alice);
            await("alice registered").atMost(Duration.ofSeconds(10)).until(() -> hub.connected("alice"));

            // When a second partition is added and a record of alice lands in it
            partitions(2, Map.of());
            await("the new partition assigned").atMost(Duration.ofSeconds(10))
                    .until(() -> consumer.assignment().contains(new TopicPartition(REAL.name(), 1)));
            publish(1, "alice", created("alice", 7));

            // Then it is read from its beginning and pushed, and registrations now know the new partition
            await("alice's event from the new partition").atMost(Duration.ofSeconds(10)).until(() -> alice.sent.size() == 1);
            assertThat(alice.sent).extracting(PushMessage::notificationId).containsExactly(7L);
            assertThat(push.partitions()).isEqualTo(2);
            assertThat(positionOfAUserOn(1, 2).next(1)).isEqualTo(1);
        }
    }
}

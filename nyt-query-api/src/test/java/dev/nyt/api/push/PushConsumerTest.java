package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

/** The push consumer decodes a record only when its user (the key) has a realtime client on this instance. */
class PushConsumerTest {

    private static final Topic<String, NotificationEvent> REAL = Topics.withPrefix("").notifications();
    private static final TopicPartition PARTITION = new TopicPartition(REAL.name(), 0);

    private final AtomicInteger decoded = new AtomicInteger();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest");
    private final PushHub hub = new PushHub(new SimpleMeterRegistry());

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

    private PushConsumer started() {
        consumer.updatePartitions(REAL.name(), List.of(new PartitionInfo(REAL.name(), 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        return new PushConsumer(consumer, countingTopic(), hub).start(Duration.ofSeconds(5));
    }

    private long offset;

    private void publish(String key, NotificationEvent event) {
        byte[] value = REAL.valueSerde().serializer().serialize(REAL.name(), event);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(REAL.name(), 0, offset++, keyBytes, value)));
    }

    private static NotificationCreated created(String user, long id) {
        Instant now = Instant.now();
        return new NotificationCreated(id, user, null, null, "k", "m", null, null, 1, false, false, now, now, null);
    }

    @Test
    void decodesOnlyTheRecordsOfConnectedUsers() {
        // Given alice connected, nobody else
        FakeConnection alice = new FakeConnection("alice", 100, false);
        hub.connect(alice, List::of);
        try (PushConsumer push = started()) {
            // When events of bob and carol come, then one of alice, then one without a key
            publish("bob", created("bob", 1));
            publish("carol", created("carol", 2));
            publish("alice", created("alice", 3));
            publish(null, created("alice", 4));

            // Then alice gets hers, and only her two records were decoded
            await("alice's events").atMost(Duration.ofSeconds(10)).until(() -> alice.sent.size() == 2);
            assertThat(alice.sent).extracting(PushMessage::id).containsExactly(3L, 4L);
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

            // When alice connects and gets a later event (records are handled in order)
            FakeConnection alice = new FakeConnection("alice", 100, false);
            hub.connect(alice, List::of);
            publish("alice", created("alice", 3));

            // Then only that one was decoded
            await("alice's event").atMost(Duration.ofSeconds(10)).until(() -> alice.sent.size() == 1);
            assertThat(alice.sent).extracting(PushMessage::id).containsExactly(3L);
            assertThat(decoded).hasValue(1);
        }
    }
}

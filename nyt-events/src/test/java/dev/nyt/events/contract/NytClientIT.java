package dev.nyt.events.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nyt.client.Notify;
import dev.nyt.client.NotifyScope;
import dev.nyt.client.Nyt;
import dev.nyt.client.Published;
import dev.nyt.events.DeleteSettings;
import dev.nyt.events.InvalidEventException;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.TopicTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Nyt} client against a real broker: every event it can publish arrives, committed,
 * on its contract topic under the contract's record key, as JSON its schema accepts and that reads
 * back into an equal record. Lives in the contract package to use {@link ContractSchemas} and
 * {@link EventTypes}.
 */
class NytClientIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    private static final String KEY = "comment/response";
    private static final Target COMMENT = Target.of("comments.comment", "42");
    private static final ContractSchemas SCHEMAS = ContractSchemas.get();

    private final Topics topics = Topics.withPrefix(TestKafka.uniqueName("client") + "-");
    private Nyt nyt;

    @BeforeEach
    void createTopicsAndConnect() {
        for (Topic<?, ?> topic : topics.all()) {
            if (topic.compacted()) {
                TestKafka.createCompactedTopic(topic.name(), 1);
            } else {
                TestKafka.createTopics(1, topic.name());
            }
        }
        nyt = Nyt.connect(TestKafka.bootstrapServers(), topics);
    }

    @AfterEach
    void close() {
        nyt.close();
    }

    @Test
    void notifyArrivesKeyedByTheNotificationKeyAsContractJson() {
        // Given a notify with every optional argument, and one with none
        NotifyRequested full = Notify.of("there was a response to your comment", KEY)
                .eventId("evt-1")
                .url("/comments/42")
                .target(COMMENT)
                .recipientUsers("alice", "carol")
                .excludeUsers("bob")
                .occurredAt(AT)
                .toEvent();
        NotifyRequested minimal = new NotifyRequested(null, "wiki/edit", "", null, null, null, null, null);

        // When both are published
        Published fullPublished = acknowledged(nyt.notify(full));
        acknowledged(nyt.notify(minimal));

        // Then both arrive under their keys, where the client said, valid and equal to what was sent
        List<ConsumerRecord<String, byte[]>> records = awaitRecords(topics.notifyRequested(), 2);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(KEY, "wiki/edit");
        assertThat(records).map(record -> contractEvent(topics.notifyRequested(), record))
                .containsExactlyInAnyOrder(full, minimal);
        ConsumerRecord<String, byte[]> fullRecord = records.stream().filter(r -> r.key().equals(KEY)).findFirst().orElseThrow();
        assertThat(fullPublished.topic()).isEqualTo(fullRecord.topic());
        assertThat(fullPublished.partition()).isEqualTo(fullRecord.partition());
        assertThat(fullPublished.offset()).isEqualTo(fullRecord.offset());
    }

    @Test
    void subscriptionCommandsArriveKeyedByTheUserInTheOrderSent() {
        // Given every kind of subscription command for alice
        UpsertSettings daily = new UpsertSettings("alice", "s-1", 1380, true);
        Subscribe toComment = new Subscribe("alice", KEY, COMMENT, "s-1", false);
        Unsubscribe fromComments = new Unsubscribe("alice", KEY, Target.of("comments.comment", null), "s-1");
        DeleteSettings deleteDaily = new DeleteSettings("alice", "s-1");

        // When the client publishes them one after another, in full and in the short forms
        acknowledged(nyt.upsertSettings(daily));
        acknowledged(nyt.subscribe(toComment));
        acknowledged(nyt.subscribe("alice", "wiki/edit"));
        acknowledged(nyt.unsubscribe(fromComments));
        acknowledged(nyt.unsubscribe("alice", "wiki/edit"));
        acknowledged(nyt.deleteSettings("alice", "s-1"));
        List<SubscriptionCommand> commands = List.of(daily, toComment, Subscribe.of("alice", "wiki/edit"),
                fromComments, Unsubscribe.of("alice", "wiki/edit"), deleteDaily);

        // Then they arrive under alice's id, in order, each valid against its own schema
        List<ConsumerRecord<String, byte[]>> records = awaitRecords(topics.subscriptionRequests(), commands.size());
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("alice");
        assertThat(records).map(record -> contractEvent(topics.subscriptionRequests(), record))
                .containsExactlyElementsOf(commands);
    }

    @Test
    void aCommandWithACommandIdCarriesItInTheHeaderAndABadIdIsRefusedBeforeSending() {
        Subscribe toComment = new Subscribe("alice", KEY, COMMENT, null, true);

        acknowledged(nyt.command(toComment, "c-42"));

        ConsumerRecord<String, byte[]> record = awaitRecords(topics.subscriptionRequests(), 1).getFirst();
        assertThat(contractEvent(topics.subscriptionRequests(), record)).isEqualTo(toComment);
        assertThat(CommandOutcome.commandId(record.headers())).isEqualTo("c-42");
        assertThatThrownBy(() -> nyt.command(toComment, " ")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("commandId");
        assertThatThrownBy(() -> nyt.command(toComment, "x".repeat(65))).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void usersArriveKeyedByTheirIdAndADeleteIsATombstone() {
        // Given alice as the host application knows her, and a minimal bob
        User alice = new User("alice", "alice@example.com", "Alice", true);
        User bob = new User("bob", null, null, null);

        // When both are upserted and then alice is deleted
        acknowledged(nyt.upsertUser(alice));
        acknowledged(nyt.upsertUser(bob));
        acknowledged(nyt.deleteUser("alice"));

        // Then nyt-users holds both users under their ids, then a tombstone under alice's
        List<ConsumerRecord<String, byte[]>> records = awaitRecords(topics.users(), 3);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("alice", "bob", "alice");
        List<ConsumerRecord<String, byte[]>> aliceRecords = records.stream().filter(r -> r.key().equals("alice")).toList();
        assertThat(contractEvent(topics.users(), aliceRecords.getFirst())).isEqualTo(alice);
        assertThat(aliceRecords.getLast().value()).as("alice's tombstone").isNull();
        ConsumerRecord<String, byte[]> bobRecord = records.stream().filter(r -> r.key().equals("bob")).findFirst().orElseThrow();
        assertThat(contractEvent(topics.users(), bobRecord)).isEqualTo(bob);
    }

    @Test
    void markReadArrivesKeyedByTheUserAsContractJson() {
        // Given a mark-read narrowed to an id range and a key, and a plain one
        MarkViewed range = new MarkViewed("alice", 120, 100L, KEY, AT);
        MarkViewed upTo = MarkViewed.upTo("alice", 130);

        // When both are published
        acknowledged(nyt.markRead(range));
        acknowledged(nyt.markRead(upTo));

        // Then both arrive on nyt-notification-status under alice's id, in order
        List<ConsumerRecord<String, byte[]>> records = awaitRecords(topics.notificationStatus(), 2);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("alice");
        assertThat(records).map(record -> contractEvent(topics.notificationStatus(), record))
                .containsExactly(range, upTo);
    }

    @Test
    @SuppressWarnings("try") // the scope is held for its effect on this thread
    void aSuppressedNotifyNeverReachesTheBroker() {
        // Given one notify made while notify is disabled on this thread
        try (NotifyScope quiet = Nyt.disableNotify()) {
            assertThat(acknowledged(nyt.notify("while quiet", KEY)).suppressed()).isTrue();
        }

        // When the same key is notified after the scope closed
        acknowledged(nyt.notify("after the scope", KEY));

        // Then only that one is on the topic (the same key keeps them in one partition, in order)
        List<ConsumerRecord<String, byte[]>> records = awaitRecords(topics.notifyRequested(), 1);
        assertThat(records).map(record -> contractEvent(topics.notifyRequested(), record).message())
                .containsExactly("after the scope");
    }

    private static <T> T acknowledged(CompletableFuture<T> send) {
        return assertThat(send).succeedsWithin(TIMEOUT).actual();
    }

    /** Every committed record of the topic, once at least {@code count} have arrived. */
    private static List<ConsumerRecord<String, byte[]>> awaitRecords(Topic<String, ?> topic, int count) {
        try (TopicTail<String, byte[]> tail = new TopicTail<>(topic.name(), new StringDeserializer(), new ByteArrayDeserializer())) {
            await(count + " committed records on " + topic.name())
                    .atMost(TIMEOUT)
                    .until(() -> tail.records().size() >= count);
            return List.copyOf(tail.records());
        }
    }

    /**
     * The record's value after checking it against the contract: its JSON validates against the
     * schema of the record type it reads back as.
     */
    private static <V> V contractEvent(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        assertThat(record.value()).as("value of %s", record).isNotNull();
        V event = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        String json = new String(record.value(), StandardCharsets.UTF_8);
        String eventName = EventTypes.eventName(event.getClass());
        assertThat(SCHEMAS.errors(eventName, json)).as("%s errors for %s", eventName, json).isEmpty();
        return event;
    }
}

package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationsViewed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/**
 * Fan-out to realtime clients: each user gets their own events; a client that does not keep up is dropped
 * alone; a registration answers exactly where the live stream is on the user's partitions.
 */
class PushHubTest {

    private final PushHub hub = new PushHub(new SimpleMeterRegistry());

    static NotificationCreated created(String user, long id) {
        Instant now = Instant.now();
        return new NotificationCreated(id, user, null, null, "k", "m", null, null, 1, false, false, now, now, null);
    }

    /** Registers the connection and starts its writer with nothing to send first and every live event admitted. */
    static void connect(PushHub hub, FakeConnection connection) {
        connection.start(() -> {
            hub.register(connection);
            return new Resume.Start(List.of(), new Delivery(StreamPosition.NONE, Delivery.UNKNOWN));
        });
    }

    /** The partition Kafka's producer gives a record keyed by the user. */
    static int partitionOf(String user, int partitions) {
        return BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private long offset;

    private void publish(NotificationEvent event) {
        hub.handOff(() -> hub.publish(0, offset++, event));
    }

    @Test
    void deliversEachUsersEventsOnlyToThatUsersConnections() {
        FakeConnection alice = new FakeConnection("alice", 10, false);
        FakeConnection bob = new FakeConnection("bob", 10, false);
        connect(hub, alice);
        connect(hub, bob);
        await("both registered").atMost(Duration.ofSeconds(5)).until(() -> hub.connections() == 2);

        publish(created("alice", 1));
        publish(new NotificationsViewed("alice", 1, null, null, Instant.now()));
        publish(created("bob", 2));

        await("deliveries").atMost(Duration.ofSeconds(5)).until(() -> alice.sent.size() == 2 && bob.sent.size() == 1);
        assertThat(alice.sent).extracting(PushMessage::type).containsExactly("notificationCreated", "notificationsViewed");
        assertThat(alice.sent).extracting(PushMessage::notificationId).containsExactly(1L, null);
        assertThat(bob.sent).extracting(PushMessage::notificationId).containsExactly(2L);
    }

    @Test
    void dropsAClientWhoseQueueIsFullWithoutHoldingUpTheOthers() {
        FakeConnection slow = new FakeConnection("alice", 2, true);
        FakeConnection fast = new FakeConnection("alice", 100, false);
        connect(hub, slow);
        connect(hub, fast);
        await("both registered").atMost(Duration.ofSeconds(5)).until(() -> hub.connections() == 2);

        for (long id = 1; id <= 20; id++) {
            publish(created("alice", id));
        }

        assertThat(slow.closed()).isTrue();
        await("the fast client gets everything").atMost(Duration.ofSeconds(5)).until(() -> fast.sent.size() == 20);
        assertThat(hub.connections()).isEqualTo(1);
    }

    @Test
    void aRegistrationAnswersTheLivePositionOfTheUsersPartitionsUnderEveryPartitionCountSeen() {
        // Given the topic read with 2 partitions, then with 3 (partitions were added)
        hub.handOff(() -> {
            hub.readFrom(2, new StreamPosition(Map.of(0, 5L)));
            hub.readFrom(3, StreamPosition.NONE);
            hub.advance(0, 7);
            hub.advance(1, 9);
            hub.advance(2, 11);
        });

        // When alice registers
        StreamPosition live = hub.register(new FakeConnection("alice", 10, false));

        // Then the position covers exactly the partitions her key maps to under 2 and under 3 partitions
        Map<Integer, Long> all = Map.of(0, 7L, 1, 9L, 2, 11L);
        Set<Integer> hers = new TreeSet<>(List.of(partitionOf("alice", 2), partitionOf("alice", 3)));
        assertThat(live.next().keySet()).isEqualTo(hers);
        live.next().forEach((partition, next) -> assertThat(next).isEqualTo(all.get(partition)));
    }

    @Test
    void aConnectionClosedBeforeItRegisteredDoesNotStayRegistered() {
        FakeConnection gone = new FakeConnection("alice", 10, false);
        gone.close();

        hub.register(gone);

        assertThat(hub.connections()).isZero();
        assertThat(hub.connected("alice")).isFalse();
    }
}

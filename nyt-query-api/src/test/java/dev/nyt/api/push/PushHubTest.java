package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationsViewed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fan-out to realtime clients: each user gets their own events; a client that does not keep up is dropped alone. */
class PushHubTest {

    private final PushHub hub = new PushHub(new SimpleMeterRegistry());

    private static NotificationCreated created(String user, long id) {
        Instant now = Instant.now();
        return new NotificationCreated(id, user, null, null, "k", "m", null, null, 1, false, false, now, now, null);
    }

    @Test
    void deliversEachUsersEventsOnlyToThatUsersConnections() {
        FakeConnection alice = new FakeConnection("alice", 10, false);
        FakeConnection bob = new FakeConnection("bob", 10, false);
        hub.connect(alice, List::of);
        hub.connect(bob, List::of);

        hub.publish(created("alice", 1));
        hub.publish(new NotificationsViewed("alice", 1, null, null, Instant.now()));
        hub.publish(created("bob", 2));

        await("deliveries").atMost(Duration.ofSeconds(5)).until(() -> alice.sent.size() == 2 && bob.sent.size() == 1);
        assertThat(alice.sent).extracting(PushMessage::type).containsExactly("notificationCreated", "notificationsViewed");
        assertThat(alice.sent).extracting(PushMessage::id).containsExactly(1L, null);
        assertThat(bob.sent).extracting(PushMessage::id).containsExactly(2L);
    }

    @Test
    void dropsAClientWhoseQueueIsFullWithoutHoldingUpTheOthers() {
        FakeConnection slow = new FakeConnection("alice", 2, true);
        FakeConnection fast = new FakeConnection("alice", 100, false);
        hub.connect(slow, List::of);
        hub.connect(fast, List::of);

        for (long id = 1; id <= 20; id++) {
            hub.publish(created("alice", id));
        }

        assertThat(slow.closed()).isTrue();
        await("the fast client gets everything").atMost(Duration.ofSeconds(5)).until(() -> fast.sent.size() == 20);
        assertThat(hub.connections()).isEqualTo(1);
    }

    @Test
    void sendsTheCatchUpFirstAndSkipsLiveCreationsItAlreadyCovered() {
        FakeConnection carol = new FakeConnection("carol", 10, true);
        hub.connect(carol, () -> List.of(PushMessage.of(created("carol", 3)), PushMessage.of(created("carol", 4))));

        hub.publish(created("carol", 4));
        hub.publish(created("carol", 5));
        carol.blocked.countDown();

        await("catch-up then live").atMost(Duration.ofSeconds(5)).until(() -> carol.sent.size() == 3);
        assertThat(carol.sent).extracting(PushMessage::id).containsExactly(3L, 4L, 5L);
    }
}

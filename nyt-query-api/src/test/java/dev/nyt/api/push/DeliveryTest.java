package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsViewed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge of a catch-up snapshot with the live events queued since the connection registered. */
class DeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static LiveEvent created(int partition, long offset, long id) {
        return new LiveEvent(partition, offset, PushMessage.of(
                new NotificationCreated(id, "alice", null, null, "k", "m", null, null, 1, false, false, NOW, NOW, null)));
    }

    private static LiveEvent updated(int partition, long offset, long id, int occurrences) {
        return new LiveEvent(partition, offset, PushMessage.of(
                new NotificationUpdated(id, "alice", null, null, "k", "m", null, null, occurrences, false, false, NOW, NOW, null)));
    }

    private static LiveEvent viewed(int partition, long offset, long idLte) {
        return new LiveEvent(partition, offset, PushMessage.of(new NotificationsViewed("alice", idLte, null, null, NOW)));
    }

    private static List<LiveEvent> admitted(Delivery delivery, LiveEvent... queued) {
        List<LiveEvent> sent = new ArrayList<>();
        for (LiveEvent event : queued) {
            if (delivery.admit(event)) {
                sent.add(event);
            }
        }
        return sent;
    }

    @Test
    void skipsTheLiveEventsTheSnapshotReflectsAndSendsEveryLaterOne() {
        // Given a catch-up read at offset 12 of partition 1, the client's cursor at its newest row, 21
        Delivery delivery = new Delivery(new StreamPosition(Map.of(1, 12L)), 21);

        // When the events queued since the registration (at offset 10) are merged
        List<LiveEvent> sent = admitted(delivery,
                created(1, 10, 21), updated(1, 11, 20, 2), updated(1, 12, 20, 3), created(1, 13, 22), viewed(1, 14, 22));

        // Then what the snapshot holds is skipped (the update at 11 too: its state is in the catch-up), every later event is sent once, in order
        assertThat(sent).extracting(LiveEvent::offset).containsExactly(12L, 13L, 14L);
        assertThat(delivery.cursor()).isEqualTo(22);
    }

    @Test
    void sendsAnUpdateOfANotificationTheClientHadBeforeItsCursor() {
        Delivery delivery = new Delivery(new StreamPosition(Map.of(0, 100L)), 50);

        List<LiveEvent> sent = admitted(delivery, updated(0, 100, 7, 3), viewed(0, 101, 50));

        assertThat(sent).extracting(LiveEvent::offset).containsExactly(100L, 101L);
        assertThat(delivery.cursor()).isEqualTo(50);
    }

    @Test
    void skipsACreationTheClientAlreadyHasEvenWhenTheLiveStreamIsBehindTheReadModel() {
        // Given no snapshot to compare with (a reload), and a client that has every id up to 30
        Delivery delivery = new Delivery(StreamPosition.NONE, 30);

        // When a late live stream still brings creations up to 30, then newer ones
        List<LiveEvent> sent = admitted(delivery, created(0, 5, 29), created(0, 6, 30), updated(0, 7, 30, 2), created(0, 8, 31));

        // Then only what the client does not have is sent
        assertThat(sent).extracting(LiveEvent::offset).containsExactly(7L, 8L);
        assertThat(delivery.cursor()).isEqualTo(31);
    }

    @Test
    void learnsTheCursorFromTheFirstCreationWhenItWasUnknown() {
        Delivery delivery = new Delivery(StreamPosition.NONE, Delivery.UNKNOWN);

        List<LiveEvent> sent = admitted(delivery, updated(0, 1, 4, 2), created(0, 2, 5), created(0, 3, 6));

        assertThat(sent).hasSize(3);
        assertThat(delivery.cursor()).isEqualTo(6);
    }

    @Test
    void aSnapshotOfOnePartitionDoesNotHideEventsOfAnother() {
        // Given a user who moved to partition 2 (partitions were added) and a snapshot that has partition 1 only
        Delivery delivery = new Delivery(new StreamPosition(Map.of(1, 40L)), 9);

        List<LiveEvent> sent = admitted(delivery, created(1, 39, 9), created(2, 0, 10));

        assertThat(sent).extracting(LiveEvent::partition).containsExactly(2);
    }
}

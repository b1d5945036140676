package dev.nyt.api.push;

import static dev.nyt.api.push.PushHubTest.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.db.CatchUp;
import dev.nyt.api.db.InboxCounts;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationUpdated;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a stream starts: a resume waits for the read model to reach the live position, sends the current state
 * of what the client missed, then only the live events after the snapshot; where it cannot be exact, it says
 * reload. The topic has one partition here; the user's notification id n is at offset n - 1.
 */
class ResumeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PushHub hub = new PushHub(registry);
    private final FakeReadModel readModel = new FakeReadModel();
    private ReadModelPosition position;

    /** The read model: alice's rows with ids 1..projected, projected up to that offset. */
    private static final class FakeReadModel implements CatchUpSource {
        volatile long projected;
        volatile RuntimeException failure;
        final List<StreamPosition> readAt = new CopyOnWriteArrayList<>();

        StreamPosition position() {
            if (failure != null) {
                throw failure;
            }
            return new StreamPosition(projected == 0 ? Map.of() : Map.of(0, projected));
        }

        @Override
        public Optional<Long> newestId(String userId) {
            position();
            return projected == 0 ? Optional.empty() : Optional.of(projected);
        }

        @Override
        public CatchUp catchUp(String userId, long afterId, int limit) {
            StreamPosition at = position();
            readAt.add(at);
            List<NotificationRow> rows = LongStream.rangeClosed(afterId + 1, projected).limit(limit)
                    .mapToObj(id -> new NotificationRow(id, userId, null, null, "k", null, "m", null, null, 1, false, false, NOW, NOW, null, false, false))
                    .toList();
            return new CatchUp(at.next(), projected == 0 ? null : projected, rows, counts(userId));
        }

        /** Every projected notification of alice's is unread and unseen. */
        @Override
        public InboxCounts counts(String userId) {
            position();
            return new InboxCounts(projected, projected);
        }
    }

    private Resume resume(Duration maxWait, int maxCatchUp) {
        position = new ReadModelPosition(readModel::position, Duration.ofMillis(5));
        hub.handOff(() -> hub.readFrom(1, StreamPosition.NONE));
        return new Resume(hub, position, readModel, maxWait, maxCatchUp, registry);
    }

    @AfterEach
    void close() {
        if (position != null) {
            position.close();
        }
    }

    /** The push consumer hands on alice's notification {@code id} (at offset id - 1). */
    private void live(long id) {
        live(created("alice", id), id - 1);
    }

    private void live(NotificationEvent event, long offset) {
        hub.handOff(() -> {
            hub.publish(0, offset, event);
            hub.advance(0, offset + 1);
        });
    }

    private FakeConnection opened(Resume resume, Long lastEventId) {
        FakeConnection alice = new FakeConnection("alice", 100, false);
        resume.open(alice, lastEventId);
        await("alice registered").atMost(Duration.ofSeconds(5)).until(() -> hub.connected("alice"));
        return alice;
    }

    /** The read model has alice's ids 1..{@code projected}; the live stream has handed on 1..{@code upTo}. */
    private void projectedAndLive(long projected, long upTo) {
        readModel.projected = projected;
        for (long id = 1; id <= upTo; id++) {
            live(id);
        }
    }

    /** Waits for the connection's first message, sends id {@code next} live, and waits for it. */
    private void thenLive(FakeConnection alice, long next) {
        await("the start").atMost(Duration.ofSeconds(10)).until(() -> !alice.sent.isEmpty());
        live(next);
        await("the live event").atMost(Duration.ofSeconds(10)).until(() -> alice.createdIds().contains(next));
    }

    private static List<String> types(FakeConnection connection) {
        return connection.sent.stream().map(PushMessage::type).toList();
    }

    private double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    @Test
    void waitsForTheReadModelThenSendsWhatWasMissedThenOnlyTheLiveEventsAfterTheSnapshot() {
        // Given the read model at id 5, and the live stream already past it (ids 6 and 7 handed on, not projected)
        Resume resume = resume(Duration.ofSeconds(30), 1_000);
        projectedAndLive(5, 7);

        // When alice resumes after 3, and id 8 comes live while she waits
        FakeConnection alice = opened(resume, 3L);
        live(8);
        assertThat(alice.sent).as("nothing before the read model is there").isEmpty();
        readModel.projected = 8;
        await("the catch-up").atMost(Duration.ofSeconds(10)).until(() -> types(alice).contains(PushMessage.CAUGHT_UP));
        live(9);

        // Then each id above 3 arrives once, in order: 4..8 from the read model, 9 live (8 came live too, and was skipped)
        await("the live event after the catch-up").atMost(Duration.ofSeconds(10)).until(() -> alice.createdIds().contains(9L));
        assertThat(alice.createdIds()).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(types(alice).indexOf(PushMessage.CAUGHT_UP)).isEqualTo(5);
        assertThat(alice.sent.get(5).json()).isEqualTo("{\"type\":\"caughtUp\",\"lastEventId\":8,\"count\":5}");
        assertThat(readModel.readAt).allSatisfy(at -> assertThat(new StreamPosition(Map.of(0, 7L)).reachedBy(at)).isTrue());
        assertThat(counter("nyt.push.resumes", "outcome", "caught_up")).isEqualTo(1);
        assertThat(registry.get("nyt.push.catch.up.size").summary().totalAmount()).isEqualTo(5);
    }

    @Test
    void sendsTheCurrentStateOfAMissedNotificationAndLaterUpdatesOfIt() {
        Resume resume = resume(Duration.ofSeconds(30), 1_000);
        projectedAndLive(2, 2);

        FakeConnection alice = opened(resume, 1L);
        await("the catch-up").atMost(Duration.ofSeconds(10)).until(() -> types(alice).contains(PushMessage.CAUGHT_UP));
        live(new NotificationUpdated(2, "alice", null, null, "k", "m", null, null, 2, false, false, NOW, NOW, null), 2);

        await("the update").atMost(Duration.ofSeconds(10)).until(() -> types(alice).contains("notificationUpdated"));
        assertThat(types(alice)).containsExactly("notificationCreated", PushMessage.CAUGHT_UP, PushMessage.COUNTS,
                "notificationUpdated");
        assertThat(alice.sent.get(2).json()).isEqualTo("{\"type\":\"counts\",\"unread\":2,\"unseen\":2}");
        assertThat(alice.sent.get(2).lastEventId()).as("counts leave the cursor").isNull();
        assertThat(alice.sent.get(3).lastEventId()).as("an update leaves the cursor").isNull();
    }

    @Test
    void aBurstOfLiveEventsIsFollowedByTheCountsOnceTheReadModelHasThem() {
        // Given a fresh stream of alice at id 4: it starts with her counts
        Resume resume = resume(Duration.ofSeconds(30), 1_000);
        projectedAndLive(4, 4);
        FakeConnection alice = opened(resume, null);
        await("the start").atMost(Duration.ofSeconds(10)).until(() -> types(alice).contains(PushMessage.COUNTS));
        assertThat(alice.sent.get(1).json()).isEqualTo("{\"type\":\"counts\",\"unread\":4,\"unseen\":4}");

        // When ids 5..7 come live before the read model has them
        live(5);
        live(6);
        live(7);
        await("the first of them").atMost(Duration.ofSeconds(10)).until(() -> alice.createdIds().contains(5L));
        assertThat(types(alice)).as("no counts before the read model reflects what was sent").containsOnlyOnce(PushMessage.COUNTS);
        readModel.projected = 7;

        // Then the events, and counts that include them: once, as unchanged counts are not sent again
        await("the burst and its counts").atMost(Duration.ofSeconds(10)).until(() -> alice.createdIds().contains(7L)
                && types(alice).stream().filter(PushMessage.COUNTS::equals).count() == 2);
        assertThat(alice.createdIds()).containsExactly(5L, 6L, 7L);
        PushMessage counts = alice.sent.get(types(alice).lastIndexOf(PushMessage.COUNTS));
        assertThat(counts.json()).isEqualTo("{\"type\":\"counts\",\"unread\":7,\"unseen\":7}");
        assertThat(types(alice).lastIndexOf(PushMessage.COUNTS)).isGreaterThan(types(alice).indexOf("notificationCreated"));
    }

    @Test
    void saysReloadWhenTheReadModelDoesNotReachTheLivePositionInTime() {
        // Given a read model stuck at id 2 while the live stream is at 4
        Resume resume = resume(Duration.ofMillis(100), 1_000);
        projectedAndLive(2, 4);

        // When alice resumes after 1; a later event comes live
        FakeConnection alice = opened(resume, 1L);
        thenLive(alice, 5);

        // Then she is told to reload (her cursor unchanged), and gets the live events from then on
        assertThat(alice.sent.getFirst().json()).isEqualTo("{\"type\":\"reload\",\"lastEventId\":1,\"reason\":\"readModelBehind\"}");
        assertThat(alice.createdIds()).containsExactly(5L);
        assertThat(readModel.readAt).isEmpty();
        assertThat(counter("nyt.push.reloads", "reason", "readModelBehind")).isEqualTo(1);
        assertThat(counter("nyt.push.resumes", "outcome", "reload")).isEqualTo(1);
    }

    @Test
    void saysReloadWhenMoreWereMissedThanACatchUpSends() {
        Resume resume = resume(Duration.ofSeconds(30), 2);
        projectedAndLive(5, 5);

        FakeConnection alice = opened(resume, 0L);
        thenLive(alice, 6);

        assertThat(alice.sent.getFirst().json()).isEqualTo("{\"type\":\"reload\",\"lastEventId\":5,\"reason\":\"tooManyMissed\"}");
        assertThat(alice.sent.getFirst().lastEventId()).as("after reloading her list she has everything up to 5").isEqualTo(5L);
        assertThat(alice.createdIds()).containsExactly(6L);
    }

    @Test
    void saysReloadWhenTheReadModelDoesNotAnswer() {
        Resume resume = resume(Duration.ofSeconds(30), 1_000);
        readModel.failure = new IllegalStateException("connection refused");

        FakeConnection alice = opened(resume, 3L);

        await("the reload").atMost(Duration.ofSeconds(10)).until(() -> !alice.sent.isEmpty());
        assertThat(alice.sent.getFirst().json()).isEqualTo("{\"type\":\"reload\",\"lastEventId\":3,\"reason\":\"readModelUnavailable\"}");
    }

    @Test
    void aFreshStreamStartsNowWithTheNewestIdAsItsCursor() {
        Resume resume = resume(Duration.ofSeconds(30), 1_000);
        projectedAndLive(4, 4);

        FakeConnection alice = opened(resume, null);
        thenLive(alice, 5);

        assertThat(alice.sent.getFirst().json()).isEqualTo("{\"type\":\"caughtUp\",\"lastEventId\":4,\"count\":0}");
        assertThat(alice.createdIds()).containsExactly(5L);
        assertThat(readModel.readAt).isEmpty();
        assertThat(counter("nyt.push.resumes", "outcome", "caught_up")).isZero();
    }

    @Test
    void aFreshStreamOfAUserWithoutNotificationsStartsAtZero() {
        Resume resume = resume(Duration.ofSeconds(30), 1_000);

        FakeConnection alice = opened(resume, null);

        await("the start").atMost(Duration.ofSeconds(10)).until(() -> !alice.sent.isEmpty());
        assertThat(alice.sent.getFirst().lastEventId()).isZero();
    }

    @Test
    void aFreshStreamWithoutAReadModelSaysReloadAndLearnsItsCursorLive() {
        Resume resume = resume(Duration.ofSeconds(30), 1_000);
        readModel.failure = new IllegalStateException("connection refused");

        FakeConnection alice = opened(resume, null);
        thenLive(alice, 9);

        assertThat(alice.sent.getFirst().json()).isEqualTo("{\"type\":\"reload\",\"lastEventId\":null,\"reason\":\"readModelUnavailable\"}");
        assertThat(alice.sent.get(1).lastEventId()).isEqualTo(9L);
    }
}

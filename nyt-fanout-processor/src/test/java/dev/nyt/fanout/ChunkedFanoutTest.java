package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Target;
import dev.nyt.events.User;
import dev.nyt.runtime.Intervals;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts in bounded steps: a walk visits at most one chunk of the subscriber index at a time, resumes at its
 * cursor, lets events of other keys through, and keeps a key's events in order. (A restart at the cursor is
 * {@code FanoutCrashIT}'s: the test driver wipes its state directory when it closes.)
 */
class ChunkedFanoutTest {

    private static final int CHUNK = 100;

    /** A step budget of 1 ns: each punctuation is exactly one step, so the test can count them. */
    private static FanoutSettings settings(int partitions, int maxPending) {
        return new FanoutSettings(partitions, partitions, Intervals.defaults(), Duration.ofDays(7), CHUNK,
                Duration.ofNanos(1), maxPending);
    }

    private static NotifyRequested event(String message, String key) {
        return new NotifyRequested(null, key, message, null, null, null, null, null);
    }

    private static void subscribe(FanoutDriver nyt, int users, String key) {
        for (int i = 0; i < users; i++) {
            nyt.command(Subscribe.of("user-" + i, key));
        }
    }

    private static List<String> messagesOf(List<? extends NotificationEvent> events, String user) {
        return events.stream().filter(e -> e instanceof NotificationCreated c && c.userId().equals(user))
                .map(e -> ((NotificationCreated) e).message()).toList();
    }

    @Test
    void aBroadcastLargerThanAChunkGoesInStepsAndAnotherKeyGetsThroughMeanwhile() {
        try (FanoutDriver nyt = new FanoutDriver(settings(1, 1_000))) {
            subscribe(nyt, 1_000, "big");
            nyt.command(Subscribe.of("carol", "small"));

            nyt.publish(event("to everyone", "big"));
            int afterFirstStep = nyt.created().size();
            assertThat(afterFirstStep).as("the first step walks one chunk").isEqualTo(CHUNK);
            assertThat(nyt.pending()).isEqualTo(1);

            nyt.publish(event("just carol", "small"));
            nyt.step(); // the broadcast's second chunk
            nyt.step(); // carol's whole walk, next in turn
            List<NotificationCreated> round = nyt.created();
            assertThat(round).hasSize(CHUNK + 1);
            assertThat(round.getLast().message()).isEqualTo("just carol");
            assertThat(nyt.pending()).as("the broadcast is still going").isEqualTo(1);

            nyt.drain();
            List<NotificationCreated> rest = nyt.created();
            assertThat(afterFirstStep + round.size() + rest.size()).isEqualTo(1_001);
            assertThat(nyt.pending()).isZero();
        }
    }

    @Test
    void eventsOfTheSameKeyWaitForTheWalkBeforeThemSoEveryUserSeesThemInOrder() {
        try (FanoutDriver nyt = new FanoutDriver(settings(1, 1_000))) {
            subscribe(nyt, 500, "k");

            nyt.publish(event("first", "k"));
            nyt.publish(event("second", "k"));
            nyt.publish(event("third", "k"));
            nyt.drain();

            List<NotificationCreated> created = nyt.created();
            assertThat(created).hasSize(1_500);
            for (int i = 0; i < 500; i += 49) {
                String user = "user-" + i;
                List<NotificationCreated> own = created.stream().filter(n -> n.userId().equals(user)).toList();
                assertThat(own).extracting(NotificationCreated::message).containsExactly("first", "second", "third");
                assertThat(own).extracting(NotificationCreated::id).isSorted();
            }
        }
    }

    @Test
    void aRepeatCoalescesAcrossStepsAsInOneGo() {
        try (FanoutDriver nyt = new FanoutDriver(settings(1, 1_000))) {
            subscribe(nyt, 250, "k");

            nyt.notify(event("same", "k"));
            nyt.notify(event("same", "k"));

            assertThat(nyt.notifications()).extracting(TestRecord::value)
                    .filteredOn(NotificationUpdated.class::isInstance).hasSize(250)
                    .allSatisfy(e -> assertThat(((NotificationUpdated) e).occurrences()).isEqualTo(2));
        }
    }

    @Test
    void tooManyWaitingWalksMakeANewEventMoveThemOn() {
        try (FanoutDriver nyt = new FanoutDriver(settings(1, 2))) {
            subscribe(nyt, 300, "k");
            for (int i = 0; i < 6; i++) {
                nyt.publish(event("m" + i, "k"));
                assertThat(nyt.pending()).isLessThanOrEqualTo(2);
            }
            nyt.drain();
            assertThat(messagesOf(nyt.created(), "user-7")).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        }
    }

    @Test
    void oneSettingsGetsOneNotificationEvenWhenItsSubscriptionsFallInTwoSteps() {
        try (FanoutDriver nyt = new FanoutDriver(new FanoutSettings(1, 1, Intervals.defaults(), Duration.ofDays(7), 1,
                Duration.ofMillis(20), 1_000))) {
            nyt.command(Subscribe.of("alice", "k"));
            nyt.command(new Subscribe("alice", "k", Target.of("post", "7"), null, true));
            nyt.command(Subscribe.of("bob", "k"));

            nyt.notify(new NotifyRequested(null, "k", "about post 7", null, Target.of("post", "7"),
                    List.of("alice", "bob"), List.of(), null));

            assertThat(nyt.created()).extracting(NotificationCreated::userId).containsExactly("alice", "bob");
        }
    }

    @Test
    void anEventGoesOnlyToThePartitionsHoldingItsSubscribers() {
        int partitions = 8;
        try (FanoutDriver nyt = new FanoutDriver(settings(partitions, 1_000))) {
            List<String> users = IntStream.range(0, 3).mapToObj(i -> "user-" + i).toList();
            users.forEach(u -> nyt.command(Subscribe.of(u, "k")));
            long owners = users.stream().map(u -> dev.nyt.fanout.inbox.SubscriberIndex.owner(u, partitions)).distinct()
                    .count();

            nyt.notify(event("hello", "k"));
            nyt.notify(event("nobody", "no-subscribers"));

            assertThat(nyt.routedEvents()).isEqualTo(owners);
            assertThat(nyt.created()).extracting(NotificationCreated::userId).containsExactlyInAnyOrderElementsOf(users);
            assertThat(nyt.counter("nyt.fanout.events.unrouted")).isEqualTo(1);

            nyt.user(new User("user-0", "u0@example.com", "U0", false));
            users.stream().skip(1).forEach(u -> nyt.command(new dev.nyt.events.Unsubscribe(u, "k", null, null)));
            nyt.notify(event("after everyone left", "k"));
            assertThat(nyt.created()).isEmpty();
            assertThat(nyt.counter("nyt.fanout.events.unrouted")).isEqualTo(2);
        }
    }
}

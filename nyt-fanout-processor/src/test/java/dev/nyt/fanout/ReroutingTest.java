package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.User;
import dev.nyt.runtime.Intervals;
import dev.nyt.runtime.Rerouting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology driver delivers every input record on partition 0: with eight partitions configured,
 * every key that murmur2 does not send to 0 takes the re-routing topic, and the result is the same.
 */
class ReroutingTest {

    private static final int PARTITIONS = 8;

    private final FanoutDriver nyt = new FanoutDriver(
            new FanoutSettings(PARTITIONS, PARTITIONS, Intervals.defaults(), Duration.ofDays(7)));

    @AfterEach
    void close() {
        nyt.close();
    }

    @Test
    void recordsOfKeysOwnedElsewhereAreReroutedAndProcessedOnceInOrder() {
        List<String> users = IntStream.range(0, 20).mapToObj(i -> "user-" + i).toList();
        for (String user : users) {
            nyt.user(new User(user, user + "@example.com", user, true));
            nyt.command(Subscribe.of(user, "k"));
        }
        for (int i = 0; i < 5; i++) {
            nyt.notify(new NotifyRequested(null, "k", "m" + i, null, null, null, null, null));
        }
        List<NotificationCreated> created = nyt.created();
        long last = created.stream().filter(n -> n.userId().equals("user-3")).mapToLong(NotificationCreated::id).max()
                .orElseThrow();
        nyt.markViewed(MarkViewed.upTo("user-3", last));
        List<NotificationsViewed> viewed = nyt.notifications().stream().map(r -> r.value())
                .filter(NotificationsViewed.class::isInstance).map(NotificationsViewed.class::cast).toList();
        assertThat(created).hasSize(users.size() * 5);
        for (String user : users) {
            assertThat(created.stream().filter(n -> n.userId().equals(user)).map(NotificationCreated::message))
                    .containsExactly("m0", "m1", "m2", "m3", "m4");
        }
        assertThat(viewed).extracting(NotificationsViewed::userId).containsExactly("user-3");
        assertThat(viewed.getFirst().idLte()).isEqualTo(last);

        long misroutedUsers = users.stream().filter(u -> !ownedByPartition0(u)).count();
        assertThat(misroutedUsers).as("the test needs users owned elsewhere").isPositive();
        assertThat(rerouted("nyt-users")).isEqualTo(misroutedUsers);
        assertThat(rerouted("nyt-subscription-requests")).isEqualTo(misroutedUsers);
        assertThat(rerouted("nyt-notify-requested")).isEqualTo(ownedByPartition0("k") ? 0 : 5);
        assertThat(rerouted("nyt-notification-status")).isEqualTo(ownedByPartition0("user-3") ? 0 : 1);
        assertThat(nyt.deadLetters()).isEmpty();
    }

    @Test
    void aReroutedCommandKeepsItsCommandIdAndGetsItsOutcome() {
        String user = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "owner-" + i)
                .filter(u -> !ownedByPartition0(u)).findFirst().orElseThrow();

        nyt.command(Subscribe.of(user, "k"), "cmd-1");

        assertThat(rerouted("nyt-subscription-requests")).isEqualTo(1);
        assertThat(nyt.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.commandId()).isEqualTo("cmd-1");
            assertThat(outcome.userId()).isEqualTo(user);
            assertThat(outcome.status()).isEqualTo(dev.nyt.events.outcome.CommandOutcome.ACCEPTED);
        });
    }

    private double rerouted(String topic) {
        return nyt.registry.get(Rerouting.COUNTER).tag("topic", topic).counter().count();
    }

    private static boolean ownedByPartition0(String key) {
        return Rerouting.partitionOf(key.getBytes(StandardCharsets.UTF_8), PARTITIONS) == 0;
    }
}

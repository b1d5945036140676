package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.events.DeleteSettings;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Settings;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.User;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.fanout.registry.Ids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's django-nyt rules for settings and subscriptions, seen on the subscriptions table's topics. */
class RegistryTest {

    private final FanoutDriver nyt = new FanoutDriver();

    @AfterEach
    void close() {
        nyt.close();
    }


    @Test
    void firstSubscribeCreatesTheUsersDefaultSettings() {
        nyt.command(Subscribe.of("alice", "k"));

        List<TestRecord<String, Settings>> settings = nyt.settings();
        assertThat(settings).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(new SettingsKey("alice", Ids.defaultSettingsId("alice")).encode());
            assertThat(record.value().userId()).isEqualTo("alice");
            assertThat(record.value().isDefault()).isTrue();
            assertThat(record.value().interval()).isZero();
        });
        assertThat(nyt.subscriptions()).singleElement().satisfies(record -> {
            Subscription s = record.value();
            assertThat(record.key()).isEqualTo(s.subscriptionId());
            assertThat(s.settingsId()).isEqualTo(Ids.defaultSettingsId("alice"));
            assertThat(s.key()).isEqualTo("k");
            assertThat(s.sendEmails()).isTrue();
        });
    }

    @Test
    void subscribingTwiceIsGetOrCreate() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.subscriptions();
        nyt.settings();

        nyt.command(Subscribe.of("alice", "k"));

        assertThat(nyt.subscriptions()).isEmpty();
        assertThat(nyt.settings()).isEmpty();
    }

    @Test
    void subscribingAgainWithOtherSendEmailsChangesTheSubscription() {
        nyt.command(Subscribe.of("alice", "k"));
        String id = nyt.subscriptions().getFirst().key();

        nyt.command(new Subscribe("alice", "k", null, null, false));

        assertThat(nyt.subscriptions()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(id);
            assertThat(record.value().sendEmails()).isFalse();
        });
    }

    @Test
    void makingOtherSettingsDefaultUndefaultsTheOldOnes() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.settings();

        nyt.command(new UpsertSettings("alice", "weekly", 9660, true));

        List<TestRecord<String, Settings>> changed = nyt.settings();
        assertThat(changed).extracting(r -> r.value().settingsId() + "=" + r.value().isDefault())
                .containsExactly(Ids.defaultSettingsId("alice") + "=false", "weekly=true");
    }

    @Test
    void subscribeWithoutSettingsUsesTheCurrentDefault() {
        nyt.command(new UpsertSettings("alice", "daily", 1380, true));
        nyt.command(Subscribe.of("alice", "k"));

        assertThat(nyt.subscriptions()).singleElement()
                .satisfies(record -> assertThat(record.value().settingsId()).isEqualTo("daily"));
        assertThat(nyt.settings()).extracting(TestRecord::key).containsExactly("[\"alice\",\"daily\"]");
    }

    @Test
    void deletingTheDefaultSettingsIsRefusedToTheDeadLetterTopic() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.settings();

        nyt.command(new DeleteSettings("alice", Ids.defaultSettingsId("alice")));

        assertThat(nyt.settings()).isEmpty();
        assertThat(nyt.deadLetters()).singleElement().satisfies(record -> {
            assertThat(FanoutDriver.header(record, "__streams.errors.topic")).isEqualTo("nyt-subscription-requests");
            assertThat(FanoutDriver.header(record, "__streams.errors.offset")).isEqualTo("1");
            assertThat(FanoutDriver.header(record, "__streams.errors.message")).contains("cannot be deleted");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"deleteSettings\"");
        });
        assertThat(nyt.counter("nyt.dead.letters")).isEqualTo(1);
    }

    @Test
    void undefaultingTheOnlyDefaultIsRefused() {
        nyt.command(new UpsertSettings("alice", "s-1", 0, true));
        nyt.settings();

        nyt.command(new UpsertSettings("alice", "s-1", 0, false));

        assertThat(nyt.settings()).isEmpty();
        assertThat(nyt.deadLetters()).hasSize(1);
    }

    @Test
    void anIntervalThatIsNotConfiguredIsRefused() {
        nyt.command(new UpsertSettings("alice", "s-1", 42, true));

        assertThat(nyt.settings()).isEmpty();
        assertThat(nyt.deadLetters()).singleElement().satisfies(record ->
                assertThat(FanoutDriver.header(record, "__streams.errors.message")).contains("interval: 42"));
    }

    @Test
    void deletingOtherSettingsDeletesTheirSubscriptions() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(new UpsertSettings("alice", "weekly", 9660, false));
        nyt.command(new Subscribe("alice", "k", null, "weekly", true));
        nyt.settings();
        String weeklySubscription = nyt.subscriptions().getLast().key();

        nyt.command(new DeleteSettings("alice", "weekly"));

        assertThat(nyt.subscriptions()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(weeklySubscription);
            assertThat(record.value()).isNull();
        });
        assertThat(nyt.settings()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(new SettingsKey("alice", "weekly").encode());
            assertThat(record.value()).isNull();
        });
    }

    @Test
    void subscribingWithUnknownSettingsIsRefused() {
        nyt.command(new Subscribe("alice", "k", null, "nope", true));

        assertThat(nyt.subscriptions()).isEmpty();
        assertThat(nyt.deadLetters()).singleElement().satisfies(record ->
                assertThat(FanoutDriver.header(record, "__streams.errors.message")).contains("settingsId"));
    }

    @Test
    void unsubscribeIsNarrowedBySettingsAndContentType() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(new Subscribe("alice", "k", Target.of("comments.comment", "1"), null, true));
        nyt.command(new Subscribe("alice", "k", Target.of("wiki.article", "1"), null, true));
        List<TestRecord<String, Subscription>> all = nyt.subscriptions();

        nyt.command(new Unsubscribe("alice", "k", Target.of("comments.comment", null), null));

        assertThat(nyt.subscriptions()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(all.get(1).key());
            assertThat(record.value()).isNull();
        });
    }

    @Test
    void deletingAUserDeletesTheirSettingsAndSubscriptions() {
        nyt.command(Subscribe.of("alice", "k"));
        nyt.command(Subscribe.of("bob", "k"));
        nyt.user(new User("alice", "alice@example.com", "Alice", true));
        String aliceSubscription = nyt.subscriptions().getFirst().key();
        nyt.settings();

        nyt.deleteUser("alice");
        nyt.notify(new NotifyRequested(null, "k", "hi", null, null, null, null, null));

        assertThat(nyt.subscriptions()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(aliceSubscription);
            assertThat(record.value()).isNull();
        });
        assertThat(nyt.settings()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(new SettingsKey("alice", Ids.defaultSettingsId("alice")).encode());
            assertThat(record.value()).isNull();
        });
        assertThat(nyt.created()).extracting(NotificationCreated::userId).containsExactly("bob");
    }

    @Test
    void twoUsersWithTheSameSettingsIdAreTwoRecordsOfTwoKeys() {
        nyt.command(new UpsertSettings("uu1", "dd1", 1380, true));
        nyt.command(new UpsertSettings("vv1", "dd1", 0, true));

        assertThat(nyt.settings()).extracting(TestRecord::key, r -> r.value().userId() + ":" + r.value().interval())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[\"uu1\",\"dd1\"]", "uu1:1380"),
                        org.assertj.core.groups.Tuple.tuple("[\"vv1\",\"dd1\"]", "vv1:0"));
    }

    @Test
    void deletingSettingsOfAnotherUsersIdDeletesNothingOfTheirs() {
        nyt.command(new UpsertSettings("uu1", "dd1", 1380, true));
        nyt.command(new UpsertSettings("uu1", "ww1", 0, false));
        nyt.command(new Subscribe("uu1", "k", null, "ww1", true));
        nyt.settings();
        nyt.subscriptions();

        nyt.command(new DeleteSettings("vv1", "ww1"));
        nyt.command(new Unsubscribe("vv1", "k", null, "ww1"));

        assertThat(nyt.settings()).isEmpty();
        assertThat(nyt.subscriptions()).isEmpty();
        assertThat(nyt.deadLetters()).isEmpty();
    }

    @Test
    void aFirstSettingsThatIsNotTheDefaultGetsADefaultOnDemandFirst() {
        nyt.command(new UpsertSettings("alice", "w1", 9660, false));

        assertThat(nyt.settings()).extracting(r -> r.value().settingsId() + "=" + r.value().isDefault())
                .containsExactly(Ids.defaultSettingsId("alice") + "=true", "w1=false");
        assertThat(nyt.deadLetters()).isEmpty();
    }

    @Test
    void aCommandWithACommandIdIsAnsweredAcceptedOnTheOutcomesTopic() {
        nyt.command(new UpsertSettings("alice", "w1", 9660, false), "c-1");

        assertThat(nyt.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.commandId()).isEqualTo("c-1");
            assertThat(outcome.userId()).isEqualTo("alice");
            assertThat(outcome.commandType()).isEqualTo("upsertSettings");
            assertThat(outcome.status()).isEqualTo(CommandOutcome.ACCEPTED);
            assertThat(outcome.field()).isNull();
        });
    }

    @Test
    void aRefusedCommandWithACommandIdIsAnsweredRefusedNamingTheFieldInsteadOfADeadLetter() {
        nyt.command(new Subscribe("alice", "k", null, "nope", true), "c-2");

        assertThat(nyt.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.commandId()).isEqualTo("c-2");
            assertThat(outcome.status()).isEqualTo(CommandOutcome.REFUSED);
            assertThat(outcome.field()).isEqualTo("settingsId");
            assertThat(outcome.reason()).contains("has no settings nope");
        });
        assertThat(nyt.subscriptions()).isEmpty();
        assertThat(nyt.deadLetters()).isEmpty();
        assertThat(nyt.counter("nyt.commands.refused", "reason", "settingsId")).isEqualTo(1);
    }

    @Test
    void aRefusedCommandWithoutACommandIdIsCountedAndDeadLettered() {
        nyt.command(new UpsertSettings("alice", "s-1", 42, true));

        assertThat(nyt.outcomes()).isEmpty();
        assertThat(nyt.deadLetters()).hasSize(1);
        assertThat(nyt.counter("nyt.commands.refused", "reason", "interval")).isEqualTo(1);
    }
}

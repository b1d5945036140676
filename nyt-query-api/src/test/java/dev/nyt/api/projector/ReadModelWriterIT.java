package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_PROJECTOR_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.api.db.Database;
import dev.nyt.api.db.DbConfig;
import dev.nyt.api.db.ReadModel;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.Settings;
import dev.nyt.events.Target;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The projector's writes against PostgreSQL, without Kafka: batches mixing every kind of change, replays, odd text. */
class ReadModelWriterIT {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final TopicPartition NOTIFICATIONS = new TopicPartition("nyt-notifications", 0);
    private static final TopicPartition USERS = new TopicPartition("nyt-users", 0);

    private final ReadModelWriter writer = writer();

    /** The writer under test: the projector's own (bound arrays for these small batches). */
    ReadModelWriter writer() {
        return new ReadModelWriter();
    }
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private DSLContext newReadModel() {
        TestDatabase db = TestDatabase.create();
        opened.add(db);
        Database database = Database.open(new DbConfig(db.jdbcUrl(), db.user(), db.password(), "nyt", 2));
        opened.add(database);
        database.migrate();
        return database.dsl();
    }

    private void apply(DSLContext dsl, List<Change> changes, Map<TopicPartition, Long> next) {
        dsl.transaction(configuration -> writer.apply(DSL.using(configuration), changes, next));
    }

    private static NotificationCreated created(String user, long id, Instant at) {
        return created(user, id, "message " + id, at);
    }

    private static NotificationCreated created(String user, long id, String message, Instant at) {
        return new NotificationCreated(id, user, "sub-" + user, "set-" + user, "comment/new", message, "/c/" + id,
                new Target("comments.comment", Long.toString(id)), 1, false, false, at, at, "e-" + user + "-" + id);
    }

    private static NotificationUpdated updated(String user, long id, int occurrences, Instant created, Instant modified) {
        return new NotificationUpdated(id, user, "sub-" + user, "set-" + user, "comment/new", "message " + id, "/c/" + id,
                new Target("comments.comment", Long.toString(id)), occurrences, false, false, created, modified, "e-again");
    }

    private static List<String> rows(DSLContext dsl, String user) {
        var n = NYT_NOTIFICATION;
        return dsl.select(n.ID, n.OCCURRENCES, n.IS_VIEWED).from(n).where(n.USER_ID.eq(user)).orderBy(n.ID)
                .fetch(r -> r.value1() + ":" + r.value2() + ":" + (r.value3() ? "viewed" : "unviewed"));
    }

    /** A batch with every kind of notification change, and a user deleted in the middle of it. */
    private static List<Change> mixedBatch() {
        return List.of(
                new Change.NotificationUpsert(created("alice", 1, T0.plusSeconds(1))),
                new Change.NotificationUpsert(created("alice", 2, T0.plusSeconds(2))),
                new Change.NotificationUpsert(created("bob", 1, T0.plusSeconds(1))),
                new Change.NotificationUpsert(updated("alice", 2, 2, T0.plusSeconds(2), T0.plusSeconds(5))),
                new Change.StatusChanged(new NotificationsViewed("alice", 1, null, null, T0.plusSeconds(6))),
                // a state older than the view does not make 1 unviewed again
                new Change.NotificationUpsert(created("alice", 1, T0.plusSeconds(1))),
                new Change.NotificationUpsert(created("alice", 3, T0.plusSeconds(7))),
                new Change.UserRemoved("bob", T0.plusSeconds(8)),
                // created before the tombstone: never comes back; created after it: kept
                new Change.NotificationUpsert(created("bob", 2, T0.plusSeconds(3))),
                new Change.NotificationUpsert(created("bob", 3, T0.plusSeconds(9))));
    }

    @Test
    void appliesCreatedUpdatedViewedAndADeletedUserOfOneBatchInOrder() {
        DSLContext dsl = newReadModel();

        apply(dsl, mixedBatch(), Map.of(NOTIFICATIONS, 10L, USERS, 1L));

        assertThat(rows(dsl, "alice")).containsExactly("1:1:viewed", "2:2:unviewed", "3:1:unviewed");
        assertThat(rows(dsl, "bob")).containsExactly("3:1:unviewed");
        assertThat(dsl.fetch(NYT_PROJECTOR_OFFSET).intoMap(r -> r.getTopic(), r -> r.getNextOffset()))
                .containsEntry("nyt-notifications", 10L).containsEntry("nyt-users", 1L);
    }

    @Test
    void aBatchCutOffBeforeItsCommitLeavesNothingAndItsReplayGivesTheRowsOfOneCleanRun() {
        // Given the first half of a history applied, and the second half cut off by a crash before the commit
        List<Change> all = mixedBatch();
        List<Change> first = all.subList(0, 4);
        List<Change> second = all.subList(4, all.size());
        DSLContext dsl = newReadModel();
        apply(dsl, first, Map.of(NOTIFICATIONS, 4L));
        assertThatThrownBy(() -> dsl.transaction(configuration -> {
            writer.apply(DSL.using(configuration), second, Map.of(NOTIFICATIONS, 10L, USERS, 1L));
            throw new IllegalStateException("the process dies before the commit");
        })).hasMessageContaining("dies");
        assertThat(rows(dsl, "alice")).containsExactly("1:1:unviewed", "2:2:unviewed");
        assertThat(dsl.fetchValue(NYT_PROJECTOR_OFFSET.NEXT_OFFSET)).isEqualTo(4L);

        // When the projector re-reads from the stored offset, and later everything is replayed once more
        apply(dsl, second, Map.of(NOTIFICATIONS, 10L, USERS, 1L));
        apply(dsl, all, Map.of(NOTIFICATIONS, 10L, USERS, 1L));

        // Then the rows are those of one clean run
        DSLContext clean = newReadModel();
        apply(clean, all, Map.of(NOTIFICATIONS, 10L, USERS, 1L));
        assertThat(ReadModelDump.of(dsl)).isEqualTo(ReadModelDump.of(clean));
    }

    @Test
    void storesTextWithArraySyntaxControlCharactersAndUnicodeExactly() {
        DSLContext dsl = newReadModel();
        List<String> messages = List.of("tab\there", "new\nline\r\nand return", "back\\slash \\N \\t", "quote\" {braces}, commas",
                "NULL", "null", "", " padded ", "é ü 日本語 🎉 \u2028");
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            changes.add(new Change.NotificationUpsert(created("zoe", i + 1, messages.get(i), T0)));
        }

        apply(dsl, changes, Map.of(NOTIFICATIONS, (long) messages.size()));

        var n = NYT_NOTIFICATION;
        assertThat(dsl.select(n.MESSAGE).from(n).where(n.USER_ID.eq("zoe")).orderBy(n.ID).fetch(n.MESSAGE))
                .containsExactlyElementsOf(messages);
        assertThat(dsl.select(n.CREATED).from(n).where(n.USER_ID.eq("zoe")).fetch(r -> r.value1().toInstant()))
                .containsOnly(T0);
    }

    @Test
    void refusesANulCharacterAsBadDataSoTheProjectorDeadLettersIt() {
        DSLContext dsl = newReadModel();
        List<Change> bad = List.of(new Change.NotificationUpsert(created("zoe", 1, "a\u0000b", T0)));

        assertThatThrownBy(() -> apply(dsl, bad, Map.of(NOTIFICATIONS, 1L)))
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(SqlFailures.isDataError(e)).isTrue());

        apply(dsl, List.of(), Map.of(NOTIFICATIONS, 1L));
        assertThat(dsl.fetchCount(NYT_NOTIFICATION)).isZero();
    }

    @Test
    void theSameSettingsIdOfTwoUsersIsTwoRowsAndADeletionTakesOnlyItsOwners() {
        DSLContext dsl = newReadModel();
        ReadModel read = new ReadModel(dsl);

        apply(dsl, List.of(
                new Change.SettingsUpsert(new Settings("dd1", "uu1", 1380, true, T0)),
                new Change.SettingsUpsert(new Settings("dd1", "vv1", 0, true, T0)),
                new Change.SettingsRemoved("vv1", "dd1")), Map.of());

        assertThat(read.settings("uu1", interval -> null)).singleElement()
                .satisfies(s -> assertThat(s.interval()).isEqualTo(1380));
        assertThat(read.settings("vv1", interval -> null)).isEmpty();
    }

    @Test
    void anOutcomeReplacesThePendingCommandOfItsOwnerOnly() {
        DSLContext dsl = newReadModel();
        ReadModel read = new ReadModel(dsl);
        read.commandPending("alice", "c-1", "subscribe", T0);

        apply(dsl, List.of(new Change.CommandDecided(new CommandOutcome("c-1", "alice", "subscribe",
                CommandOutcome.REFUSED, "settingsId", "settingsId: no", T0.plusSeconds(1)))), Map.of());

        assertThat(read.command("alice", "c-1")).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo("refused");
            assertThat(c.field()).isEqualTo("settingsId");
            assertThat(c.receivedAt()).isEqualTo(T0);
            assertThat(c.decidedAt()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(read.command("bob", "c-1")).isEmpty();
    }
}

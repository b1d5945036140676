package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_INBOX_COUNT;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.val;

import dev.nyt.api.db.Database;
import dev.nyt.api.db.DbConfig;
import dev.nyt.api.db.InboxCounts;
import dev.nyt.api.db.InboxFilter;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.api.db.ReadModel;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsArchived;
import dev.nyt.events.NotificationsSeen;
import dev.nyt.events.NotificationsUnarchived;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.glob.KeyGlob;
import dev.nyt.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seen, read and archived in the read model against PostgreSQL: what each status event changes, the badge counts
 * the triggers of V3 keep (checked against a count of the rows after every step), the inbox lists, and that
 * PostgreSQL selects by a key glob exactly what {@link KeyGlob#matches} selects.
 */
class InboxStatesIT {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final TopicPartition NOTIFICATIONS = new TopicPartition("nyt-notifications", 0);
    private static final Long ALL = Long.MAX_VALUE;

    private final ReadModelWriter writer = new ReadModelWriter();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private DSLContext dsl;
    private ReadModel readModel;
    private long offset;

    @BeforeEach
    void open() {
        TestDatabase db = TestDatabase.create();
        opened.add(db);
        Database database = Database.open(new DbConfig(db.jdbcUrl(), db.user(), db.password(), "nyt", 2));
        opened.add(database);
        database.migrate();
        dsl = database.dsl();
        readModel = new ReadModel(dsl);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private void apply(Change... changes) {
        offset += changes.length;
        dsl.transaction(configuration -> writer.apply(DSL.using(configuration), List.of(changes), Map.of(NOTIFICATIONS, offset)));
    }

    private static Change created(String user, long id, String key) {
        return new Change.NotificationUpsert(new NotificationCreated(id, user, "sub-" + key, "set-" + user, key, "m " + id,
                null, null, 1, false, false, T0.plusSeconds(id), T0.plusSeconds(id), "e-" + id));
    }

    private static Change repeated(String user, long id, String key, int occurrences) {
        return new Change.NotificationUpsert(new NotificationUpdated(id, user, "sub-" + key, "set-" + user, key, "m " + id,
                null, null, occurrences, false, false, T0.plusSeconds(id), T0.plusSeconds(100 + occurrences), "e-again"));
    }

    /** Each of the user's rows as id:states, r = read, s = seen, a = archived, - = not. */
    private List<String> states(String user) {
        var n = NYT_NOTIFICATION;
        return dsl.select(n.ID, n.IS_VIEWED, n.IS_SEEN, n.IS_ARCHIVED).from(n).where(n.USER_ID.eq(user)).orderBy(n.ID)
                .fetch(r -> r.value1() + ":" + (r.value2() ? "r" : "-") + (r.value3() ? "s" : "-") + (r.value4() ? "a" : "-"));
    }

    /** The counts the triggers keep, after checking them against a count over the user's rows. */
    private InboxCounts counts(String user) {
        var n = NYT_NOTIFICATION;
        InboxCounts counted = dsl.select(
                        count().filterWhere(n.IS_VIEWED.isFalse().and(n.IS_ARCHIVED.isFalse())),
                        count().filterWhere(n.IS_SEEN.isFalse().and(n.IS_ARCHIVED.isFalse())))
                .from(n).where(n.USER_ID.eq(user))
                .fetchOne(r -> new InboxCounts(r.value1(), r.value2()));
        InboxCounts kept = readModel.counts(user);
        assertThat(kept).as("the counter row of %s agrees with its rows", user).isEqualTo(counted);
        return kept;
    }

    @Test
    void seenReadAndArchivedAreIndependentStatesAndTheCountsFollowEveryChange() {
        // Given alice's 1..4 (two comment keys, one wiki key, one deeper comment key) and bob's 1..2
        apply(created("alice", 1, "comment/new"), created("alice", 2, "comment/edit"), created("alice", 3, "wiki/page"),
                created("alice", 4, "comment/deep/new"), created("bob", 1, "comment/new"), created("bob", 2, "comment/new"));
        assertThat(counts("alice")).isEqualTo(new InboxCounts(4, 4));

        // When alice opens the bell for comments ("*" does not cross "/")
        apply(new Change.StatusChanged(new NotificationsSeen("alice", ALL, null, null, "comment/*", T0)));
        // Then they are seen, still unread
        assertThat(states("alice")).containsExactly("1:-s-", "2:-s-", "3:---", "4:---");
        assertThat(counts("alice")).isEqualTo(new InboxCounts(4, 2));

        // When she reads 3 and 4 (read implies seen)
        apply(new Change.StatusChanged(new NotificationsViewed("alice", 4, 3L, null, T0)));
        assertThat(states("alice")).containsExactly("1:-s-", "2:-s-", "3:rs-", "4:rs-");
        assertThat(counts("alice")).isEqualTo(new InboxCounts(2, 0));

        // When she archives all read: only 3 and 4 go
        apply(new Change.StatusChanged(new NotificationsArchived("alice", ALL, null, null, null, true, T0)));
        assertThat(states("alice")).containsExactly("1:-s-", "2:-s-", "3:rsa", "4:rsa");
        // When she archives 1 (unread): it leaves the counts
        apply(new Change.StatusChanged(new NotificationsArchived("alice", 1, 1L, null, null, false, T0)));
        assertThat(states("alice")).containsExactly("1:-sa", "2:-s-", "3:rsa", "4:rsa");
        assertThat(counts("alice")).isEqualTo(new InboxCounts(1, 0));

        // When she unarchives the comment/** ones up to 3: only 1 (3 is a wiki page, 4 is above the range)
        apply(new Change.StatusChanged(new NotificationsUnarchived("alice", 3, null, null, "comment/**", T0)));
        assertThat(states("alice")).containsExactly("1:-s-", "2:-s-", "3:rsa", "4:rsa");
        assertThat(counts("alice")).isEqualTo(new InboxCounts(2, 0));

        // When 1 is archived again and then repeated (coalesced into): new activity, unseen and back in the inbox
        apply(new Change.StatusChanged(new NotificationsArchived("alice", 1, 1L, null, null, false, T0)),
                repeated("alice", 1, "comment/new", 2));
        assertThat(states("alice")).containsExactly("1:---", "2:-s-", "3:rsa", "4:rsa");
        assertThat(counts("alice")).isEqualTo(new InboxCounts(2, 1));

        // Then bob's rows and counts never moved
        assertThat(states("bob")).containsExactly("1:---", "2:---");
        assertThat(counts("bob")).isEqualTo(new InboxCounts(2, 2));
    }

    @Test
    void replayingTheSameEventsChangesNothingMoreAndADeletedUserLeavesNoCounts() {
        Change[] history = {
            created("alice", 1, "k"), created("alice", 2, "k"),
            new Change.StatusChanged(new NotificationsSeen("alice", 1, null, null, null, T0)),
            new Change.StatusChanged(new NotificationsViewed("alice", 2, 2L, null, T0)),
        };
        apply(history);
        List<String> once = states("alice");
        InboxCounts countsOnce = counts("alice");

        apply(history);

        assertThat(states("alice")).isEqualTo(once).containsExactly("1:-s-", "2:rs-");
        assertThat(counts("alice")).isEqualTo(countsOnce).isEqualTo(new InboxCounts(1, 0));

        apply(new Change.UserRemoved("alice", T0.plusSeconds(60)));
        assertThat(dsl.fetchCount(NYT_INBOX_COUNT, NYT_INBOX_COUNT.USER_ID.eq("alice"))).isZero();
        assertThat(readModel.counts("alice")).isEqualTo(InboxCounts.NONE);
    }

    @Test
    void theApisOwnWriteAndTheLaterConfirmationCountOnce() {
        apply(created("alice", 1, "k"), created("alice", 2, "k"));
        NotificationsViewed viewed = new NotificationsViewed("alice", 2, null, null, T0);

        assertThat(readModel.apply(viewed)).isEqualTo(2);
        apply(new Change.StatusChanged(viewed));

        assertThat(counts("alice")).isEqualTo(InboxCounts.NONE);
        assertThat(states("alice")).containsExactly("1:rs-", "2:rs-");
    }

    @Test
    void inboxListsFilterByStateKeyAndGlobWithCursorsBothWays() {
        for (long id = 1; id <= 6; id++) {
            apply(created("alice", id, id % 2 == 0 ? "comment/even" : "wiki/odd"));
        }
        apply(created("bob", 7, "comment/even"));
        apply(new Change.StatusChanged(new NotificationsViewed("alice", 2, 2L, null, T0)),
                new Change.StatusChanged(new NotificationsSeen("alice", 3, 3L, null, null, T0)),
                new Change.StatusChanged(new NotificationsArchived("alice", 6, 5L, null, null, false, T0)));

        assertThat(ids(InboxFilter.UNREAD, null, null, null, null)).containsExactly(4L, 3L, 1L);
        assertThat(ids(InboxFilter.UNSEEN, null, null, null, null)).containsExactly(4L, 1L);
        assertThat(ids(InboxFilter.ARCHIVED, null, null, null, null)).containsExactly(6L, 5L);
        assertThat(ids(InboxFilter.ALL, null, null, null, null)).containsExactly(4L, 3L, 2L, 1L);
        assertThat(ids(InboxFilter.ALL, "comment/even", null, null, null)).containsExactly(4L, 2L);
        assertThat(ids(InboxFilter.ALL, null, "wiki/*", null, null)).containsExactly(3L, 1L);
        assertThat(ids(InboxFilter.ALL, null, null, 1L, 4L)).containsExactly(3L, 2L);
        var page = readModel.inbox("alice", InboxFilter.ALL, null, null, null, 3L, 1);
        assertThat(page.totalCount()).as("the count ignores the cursors").isEqualTo(4);
        assertThat(page.rows()).extracting(NotificationRow::id).containsExactly(2L);
        assertThat(page.rows().getFirst().isViewed()).isTrue();
        assertThat(page.rows().getFirst().isSeen()).isTrue();
        assertThat(readModel.inbox("bob", InboxFilter.ARCHIVED, null, null, null, null, 10).rows()).isEmpty();
    }

    private List<Long> ids(InboxFilter state, String key, String glob, Long after, Long before) {
        return readModel.inbox("alice", state, key, glob, after, before, 100).rows().stream().map(NotificationRow::id).toList();
    }

    @Test
    void postgresqlSelectsByAGlobExactlyWhatKeyGlobMatches() {
        List<String> keys = List.of("comment/new", "comment/deep/new", "comment", "commentary/x", "wiki/page", "a.b",
                "axb", "a+b", "a(b)", "a[b]", "a\\b", "a$b", "a^b", "a|b", "a{1}", "a&b", "a#b", "ä/ö", "x-y", "x]y", "_%");
        List<String> globs = List.of("comment/*", "comment/**", "*", "**", "comment?new", "comment/?e?", "a.b", "a+b",
                "a(b)", "a[b]", "a[!b]", "a[.+]b", "[a-c]*", "[!a-c]*", "a\\b", "a$b", "a^b", "a|b", "a{1}", "a&b",
                "a#b", "ä/*", "x[-]y", "x[]]y", "[", "a[", "_%", "*/new", "**/new");
        for (String glob : globs) {
            KeyGlob compiled = KeyGlob.compile(glob);
            for (String key : keys) {
                Boolean sql = dsl.select(DSL.field(val(key).likeRegex(compiled.sqlRegex()))).fetchOne(0, Boolean.class);
                assertThat(sql).as("glob %s on key %s", glob, key).isEqualTo(compiled.matches(key));
            }
        }
    }
}

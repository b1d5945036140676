package dev.nyt.api.db;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATIONTYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unread list's one-round-trip query: the total before the cut, the page after it, for 0, 1 and many rows. */
class ReadModelIT {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC);

    private static TestDatabase db;
    private static Database database;
    private static DSLContext dsl;
    private static ReadModel readModel;

    @BeforeAll
    static void open() {
        db = TestDatabase.create();
        // under another table prefix: the statement rendered once must carry it
        database = Database.open(new DbConfig(db.jdbcUrl(), db.user(), db.password(), "wiki", 2));
        database.migrate();
        dsl = database.dsl();
        readModel = new ReadModel(dsl);
        dsl.insertInto(NYT_NOTIFICATIONTYPE, NYT_NOTIFICATIONTYPE.KEY, NYT_NOTIFICATIONTYPE.LABEL)
                .values("comment/new", "New comment").execute();
        given("one", 1, 0);
        given("many", 25, 5);
        given("other", 3, 0);
    }

    @AfterAll
    static void close() {
        database.close();
        db.close();
    }

    /** Notifications 1..n of the user, the first {@code viewed} of them viewed. */
    private static void given(String user, int n, int viewed) {
        var t = NYT_NOTIFICATION;
        for (int id = 1; id <= n; id++) {
            dsl.insertInto(t).set(t.USER_ID, user).set(t.ID, (long) id).set(t.NOTIFICATION_TYPE_KEY, "comment/new")
                    .set(t.MESSAGE, "m" + id).set(t.OCCURRENCES, 1).set(t.IS_VIEWED, id <= viewed).set(t.IS_EMAILED, false)
                    .set(t.CREATED, T0.plusMinutes(id)).set(t.MODIFIED, T0.plusMinutes(id)).execute();
        }
    }

    private static java.util.List<Long> ids(NotificationPage page) {
        return page.rows().stream().map(NotificationRow::id).toList();
    }

    @Test
    void answersAZeroTotalAndNoRowsForAUserWithoutNotifications() {
        NotificationPage page = readModel.notifications("nobody", ViewedFilter.UNVIEWED, null, 10);

        assertThat(page.totalCount()).isZero();
        assertThat(page.rows()).isEmpty();
    }

    @Test
    void answersTheOneNotificationWithItsTypeLabel() {
        NotificationPage page = readModel.notifications("one", ViewedFilter.UNVIEWED, null, 10);

        assertThat(page.totalCount()).isEqualTo(1);
        assertThat(page.rows()).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(1);
            assertThat(row.userId()).isEqualTo("one");
            assertThat(row.typeLabel()).isEqualTo("New comment");
            assertThat(row.message()).isEqualTo("m1");
            assertThat(row.target()).isNull();
            assertThat(row.created()).isEqualTo(T0.plusMinutes(1).toInstant());
        });
    }

    @Test
    void countsEveryRowOfTheFilterAndAnswersOnePageNewestFirst() {
        assertThat(readModel.notifications("many", ViewedFilter.UNVIEWED, null, 10))
                .satisfies(page -> assertThat(page.totalCount()).isEqualTo(20))
                .satisfies(page -> assertThat(ids(page)).containsExactly(25L, 24L, 23L, 22L, 21L, 20L, 19L, 18L, 17L, 16L));
        assertThat(readModel.notifications("many", ViewedFilter.VIEWED, null, 3))
                .satisfies(page -> assertThat(page.totalCount()).isEqualTo(5))
                .satisfies(page -> assertThat(ids(page)).containsExactly(5L, 4L, 3L));
        assertThat(readModel.notifications("many", ViewedFilter.ALL, null, 100))
                .satisfies(page -> assertThat(page.totalCount()).isEqualTo(25))
                .satisfies(page -> assertThat(ids(page)).hasSize(25).startsWith(25L).endsWith(1L));
    }

    @Test
    void countsBeforeTheAfterCutEvenWhenNothingIsLeftAfterIt() {
        NotificationPage after20 = readModel.notifications("many", ViewedFilter.UNVIEWED, 20L, 10);
        NotificationPage afterAll = readModel.notifications("many", ViewedFilter.UNVIEWED, 25L, 10);

        assertThat(after20.totalCount()).isEqualTo(20);
        assertThat(ids(after20)).containsExactly(25L, 24L, 23L, 22L, 21L);
        assertThat(afterAll.totalCount()).isEqualTo(20);
        assertThat(afterAll.rows()).isEmpty();
    }
}

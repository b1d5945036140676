package dev.nyt.api.projector;

import static org.jooq.impl.DSL.val;

import dev.nyt.api.db.Database;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationState;
import dev.nyt.events.Target;
import dev.nyt.testing.TestDatabase;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A micro check, not a test (no assertions, run by hand): times 100,000 NotificationCreated written the ways the
 * projector could write them, each in transactions of 5,000 rows into a fresh read model, to choose the
 * strategy.
 *
 * <pre>
 * ./mvnw -pl nyt-query-api test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.nyt.api.projector.ProjectorWriteCheck
 * </pre>
 */
public final class ProjectorWriteCheck {

    private static final int ROWS = 100_000;
    private static final int BATCH = 5_000;

    private ProjectorWriteCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setUrl(db.jdbcUrl());
            source.setUser(db.user());
            source.setPassword(db.password());
            Database.migrate(source, "nyt");
            List<NotificationState> states = states();
            NotificationUpsert bound = new NotificationUpsert();
            try (Connection connection = source.getConnection()) {
                DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES, Database.settings("nyt"));
                for (int round = 1; round <= 4; round++) {
                    time("jOOQ, inlined arrays (before)", dsl, states, ProjectorWriteCheck::inlined);
                    time("prepared once, bound arrays", dsl, states, bound::write);
                    time("COPY text into a staging table + INSERT ... SELECT", dsl, states, ProjectorWriteCheck::copy);
                }
            }
        }
    }

    private static void time(String how, DSLContext dsl, List<NotificationState> states,
                             BiConsumer<DSLContext, List<NotificationState>> write) {
        dsl.execute("TRUNCATE nyt_notification");
        dsl.execute("CHECKPOINT");
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (int from = 0; from < states.size(); from += BATCH) {
            List<NotificationState> chunk = states.subList(from, Math.min(states.size(), from + BATCH));
            dsl.transaction(configuration -> write.accept(DSL.using(configuration), chunk));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("%-55s %,9.0f rows/s (%,d rows in %.2f s; JVM CPU of the writing thread %.2f s)%n",
                how, states.size() / seconds, states.size(), seconds, cpuSeconds);
    }

    /** What the projector did before: the arrays inlined into the SQL text by jOOQ, rendered per batch. */
    private static void inlined(DSLContext tx, List<NotificationState> chunk) {
        NotificationUpsert.Columns c = NotificationUpsert.Columns.of(chunk);
        var texts = SQLDataType.VARCHAR.array();
        var times = SQLDataType.TIMESTAMPWITHTIMEZONE(6).array();
        var rows = DSL.table("unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14})",
                        val(c.userIds(), texts), val(c.ids(), SQLDataType.BIGINT.array()), val(c.subscriptionIds(), texts),
                        val(c.settingsIds(), texts), val(c.keys(), texts), val(c.messages(), texts), val(c.urls(), texts),
                        val(c.contentTypes(), texts), val(c.objectIds(), texts),
                        val(c.occurrences(), SQLDataType.INTEGER.array()), val(c.viewed(), SQLDataType.BOOLEAN.array()),
                        val(c.emailed(), SQLDataType.BOOLEAN.array()), val(times(c.created()), times),
                        val(times(c.modified()), times), val(c.eventIds(), texts))
                .as("r", NotificationUpsert.COLUMNS.toArray(String[]::new));
        NotificationUpsert.insert(tx, rows).execute();
    }

    private static OffsetDateTime[] times(String[] texts) {
        OffsetDateTime[] times = new OffsetDateTime[texts.length];
        for (int i = 0; i < texts.length; i++) {
            times[i] = OffsetDateTime.ofInstant(Instant.parse(texts[i]), ZoneOffset.UTC);
        }
        return times;
    }

    private static String copyInsertSql;

    /** COPY (text format) into a temporary staging table, then one INSERT ... SELECT ... ON CONFLICT from it. */
    private static void copy(DSLContext tx, List<NotificationState> chunk) {
        tx.execute("CREATE TEMP TABLE IF NOT EXISTS notification_staging (user_id varchar, id bigint,"
                + " subscription_id varchar, settings_id varchar, key varchar, message text, url varchar,"
                + " content_type varchar, object_id varchar, occurrences integer, is_viewed boolean, is_emailed boolean,"
                + " created timestamptz, modified timestamptz, event_id varchar) ON COMMIT DELETE ROWS");
        if (copyInsertSql == null) {
            copyInsertSql = tx.render(NotificationUpsert.insert(tx, DSL.table(DSL.name("notification_staging")).as("r")));
        }
        NotificationUpsert.Columns c = NotificationUpsert.Columns.of(chunk);
        StringBuilder text = new StringBuilder(chunk.size() * 300);
        for (int i = 0; i < chunk.size(); i++) {
            Object[] row = {c.userIds()[i], c.ids()[i], c.subscriptionIds()[i], c.settingsIds()[i], c.keys()[i],
                    c.messages()[i], c.urls()[i], c.contentTypes()[i], c.objectIds()[i], c.occurrences()[i],
                    c.viewed()[i], c.emailed()[i], c.created()[i], c.modified()[i], c.eventIds()[i]};
            for (int col = 0; col < row.length; col++) {
                if (col > 0) {
                    text.append('\t');
                }
                escape(text, row[col]);
            }
            text.append('\n');
        }
        tx.connection(connection -> {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY notification_staging FROM STDIN", new StringReader(text.toString()));
            try (Statement insert = connection.createStatement()) {
                insert.executeUpdate(copyInsertSql);
            }
        });
    }

    private static void escape(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    /** A broadcast: one notification for each of 100,000 users, as the fan-out emits them. */
    private static List<NotificationState> states() {
        Instant at = Instant.parse("2026-11-23T10:00:00.123Z");
        List<NotificationState> states = new ArrayList<>(ROWS);
        for (int u = 0; u < ROWS; u++) {
            states.add(new NotificationCreated(1_000_000L + u, "user-" + u, "sub-" + u, "settings-" + u, "bench/key",
                    "there was a response to your comment " + u, "/comments/" + u, new Target("comments.comment", "42"),
                    1, false, false, at, at, "event-1"));
        }
        return states;
    }
}

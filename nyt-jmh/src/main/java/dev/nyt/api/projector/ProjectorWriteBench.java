package dev.nyt.api.projector;

import dev.nyt.api.db.Database;
import dev.nyt.api.db.DbConfig;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.Target;
import dev.nyt.events.topic.Topics;
import dev.nyt.testing.TestDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.jooq.impl.DSL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.PGConnection;

/**
 * The projector's batch write, in rows per second: {@value #ROWS} {@code NotificationCreated} (a broadcast's
 * worth of one poll) written by {@link ReadModelWriter#apply} in one transaction, with the position, into an
 * empty {@code nyt_notification} of a fresh PostgreSQL database (nyt-test-support {@link TestDatabase}, the query
 * API's Flyway migration); the table is truncated before every operation, outside the timing. The reference is a
 * raw {@code COPY ... FROM STDIN (FORMAT csv)} of the same rows straight into the table (pgjdbc
 * {@code CopyManager}, no conflict handling): about the most PostgreSQL takes from one connection. The
 * projector's write was where jOOQ rendering (18.6 % of samples) and pgjdbc's SQL parsing went before it bound
 * its arrays (docs/BENCHMARKS.md, proposal 4).
 *
 * <p>In the projector's package because {@link ReadModelWriter} is package-private.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ProjectorWriteBench.ROWS)
@State(Scope.Benchmark)
public class ProjectorWriteBench {

    static final int ROWS = 5_000;
    static final String TABLE = DbConfig.DEFAULT_PREFIX + "_notification";
    private static final String COPY = "COPY " + TABLE + " (user_id, id, subscription_id, settings_id,"
            + " notification_type_key, message, url, content_type, object_id, occurrences, is_viewed, is_emailed,"
            + " created, modified, event_id) FROM STDIN (FORMAT csv)";
    private static final TopicPartition NOTIFICATIONS = new TopicPartition(Topics.NOTIFICATIONS, 0);

    private final ReadModelWriter writer = new ReadModelWriter();
    private final List<NotificationCreated> rows = new ArrayList<>(ROWS);
    private List<Change> changes;
    private TestDatabase db;
    Database database;

    @Setup(Level.Trial)
    public void setup() {
        db = TestDatabase.create();
        database = Database.open(new DbConfig(db.jdbcUrl(), db.user(), db.password(), DbConfig.DEFAULT_PREFIX, 2));
        database.migrate();
        Instant at = Instant.parse("2026-11-23T10:00:00.123Z");
        for (int u = 0; u < ROWS; u++) {
            rows.add(new NotificationCreated(1_000_000L + u, "user-" + u, "sub-" + u, "settings-" + u, "comment/new",
                    "There was a response to your comment, \"Broadcasts\", number " + u, "/comments/" + u + "/",
                    new Target("comments.comment", "42"), 1, false, false, at, at, "event-0001"));
        }
        changes = rows.stream().<Change>map(Change.NotificationUpsert::new).toList();
    }

    @Setup(Level.Invocation)
    public void emptyTable() {
        database.dsl().execute("TRUNCATE " + TABLE);
    }

    /** The projector's way: upsert of the run with bound arrays, the types, the position; one transaction. */
    @Benchmark
    public void projectorBatch() {
        database.dsl().transaction(configuration ->
                writer.apply(DSL.using(configuration), changes, Map.of(NOTIFICATIONS, 1L + ROWS)));
    }

    /** The reference: the same rows as CSV through COPY, straight into the table. */
    @Benchmark
    public long rawCopy() throws SQLException, IOException {
        StringBuilder csv = new StringBuilder(rows.size() * 200);
        for (NotificationCreated n : rows) {
            csv.append(quoted(n.userId())).append(',').append(n.id()).append(',')
                    .append(quoted(n.subscriptionId())).append(',').append(quoted(n.settingsId())).append(',')
                    .append(quoted(n.key())).append(',').append(quoted(n.message())).append(',')
                    .append(quoted(n.url())).append(',')
                    .append(quoted(n.target() == null ? null : n.target().contentType())).append(',')
                    .append(quoted(n.target() == null ? null : n.target().objectId())).append(',')
                    .append(n.occurrences()).append(',').append(n.isViewed()).append(',').append(n.isEmailed())
                    .append(',').append(n.created()).append(',').append(n.modified()).append(',')
                    .append(quoted(n.eventId())).append('\n');
        }
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(csv.toString()));
        }
    }

    /** A CSV field: quoted with inner quotes doubled; null is the empty unquoted field. */
    private static String quoted(String text) {
        return text == null ? "" : '"' + text.replace("\"", "\"\"") + '"';
    }

    @TearDown(Level.Trial)
    public void close() {
        database.close();
        db.close();
    }
}

package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_DELETED_USER;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_SENT_DIGEST;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import dev.nyt.events.NotificationState;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Insert;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.PGConnection;

/**
 * The projector's hot statement: a run of notification states as one
 * {@code INSERT ... SELECT FROM unnest(15 arrays) ON CONFLICT (user_id, id) DO UPDATE}.
 *
 * <p>jOOQ renders it once (with the table prefix) with the 15 arrays as bind parameters; each chunk is then run
 * as a JDBC prepared statement with the arrays bound ({@link Connection#createArrayOf}), which pgjdbc keeps
 * prepared on the server per connection. So neither jOOQ nor the driver builds or parses a statement text
 * that grows with the rows, whatever the chunk size, and the statement text stays 15 bind values long.
 *
 * <p>Semantics (see {@link ReadModelWriter}): only a state at least as new ({@code modified}) replaces a row;
 * {@code is_viewed} never goes back to false; {@code is_seen} starts as {@code is_viewed} (read implies seen), and
 * a new occurrence (coalescing) makes the row unseen and unarchived again, since it is new activity; a notification is inserted e-mailed when a digest already
 * projected e-mailed it after its latest occurrence; rows of a user deleted at or after their creation are
 * not inserted.
 */
final class NotificationUpsert {

    /** The columns of the rows' source, in bind order. */
    static final List<String> COLUMNS = List.of("user_id", "id", "subscription_id", "settings_id", "key", "message",
            "url", "content_type", "object_id", "occurrences", "is_viewed", "is_emailed", "created", "modified", "event_id");

    private static final String SENT = "sent";
    private static final DataType<String[]> TEXTS = SQLDataType.VARCHAR.array();
    private static final DataType<Long[]> LONGS = SQLDataType.BIGINT.array();
    private static final DataType<Integer[]> INTS = SQLDataType.INTEGER.array();
    private static final DataType<Boolean[]> BOOLS = SQLDataType.BOOLEAN.array();
    private static final DataType<OffsetDateTime[]> TIMES = SQLDataType.TIMESTAMPWITHTIMEZONE(6).array();

    /** From this many rows on, a chunk goes through {@link #ROWS_TABLE} instead of bound arrays. */
    static final int COPY_FROM_ROWS = 500;

    private final int copyFromRows;

    NotificationUpsert() {
        this(COPY_FROM_ROWS);
    }

    /** With another threshold: the tests run every case through both ways. */
    NotificationUpsert(int copyFromRows) {
        this.copyFromRows = copyFromRows;
    }

    /**
     * The session's temporary table a large chunk is copied into, then upserted from with the same statement; its
     * name has no table prefix (it is the session's own, in {@code pg_temp}) and its rows go at commit.
     */
    static final String ROWS_TABLE = "projector_rows";
    private static final String CREATE_ROWS_TABLE = "CREATE TEMP TABLE IF NOT EXISTS " + ROWS_TABLE + " (user_id varchar,"
            + " id bigint, subscription_id varchar, settings_id varchar, key varchar, message text, url varchar,"
            + " content_type varchar, object_id varchar, occurrences integer, is_viewed boolean, is_emailed boolean,"
            + " created timestamptz, modified timestamptz, event_id varchar) ON COMMIT DELETE ROWS";
    private static final String COPY_ROWS = "COPY " + ROWS_TABLE + " FROM STDIN (FORMAT csv)";

    /** Rendered on first use, with the settings (table prefix) of the projector's database. */
    private volatile String sql;
    private volatile String sqlFromRows;

    /**
     * Upserts the chunk (at most one state per (user, id)) on the transaction's connection. A small chunk binds
     * its 15 arrays to the statement; a large one (a broadcast's poll) is copied into {@link #ROWS_TABLE} as CSV
     * first: PostgreSQL reads COPY's rows with less work than it parses array literals (about 20 % of the
     * statement's time for 100,000 rows, docs/BENCHMARKS.md).
     */
    void write(DSLContext tx, List<NotificationState> chunk) {
        Columns columns = Columns.of(chunk);
        if (chunk.size() < copyFromRows) {
            String statement = sql(tx);
            tx.connection(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(statement)) {
                    columns.bind(connection, insert);
                    insert.executeUpdate();
                }
            });
            return;
        }
        String statement = sqlFromRows(tx);
        String csv = columns.csv();
        tx.connection(connection -> {
            try (Statement create = connection.createStatement()) {
                create.execute(CREATE_ROWS_TABLE);
            }
            try {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_ROWS, new StringReader(csv));
            } catch (IOException e) {
                throw new SQLException("cannot copy the rows into " + ROWS_TABLE, e);
            }
            try (PreparedStatement insert = connection.prepareStatement(statement)) {
                insert.executeUpdate();
            }
            try (Statement truncate = connection.createStatement()) {
                truncate.execute("TRUNCATE " + ROWS_TABLE); // the next chunk of this transaction starts empty
            }
        });
    }

    private String sqlFromRows(DSLContext tx) {
        String rendered = sqlFromRows;
        if (rendered == null) {
            rendered = tx.render(insert(tx, DSL.table(DSL.unquotedName(ROWS_TABLE)).as("r", COLUMNS.toArray(String[]::new))));
            sqlFromRows = rendered;
        }
        return rendered;
    }

    private String sql(DSLContext tx) {
        String rendered = sql;
        if (rendered == null) {
            rendered = tx.render(insert(tx, unnest()));
            long binds = rendered.chars().filter(c -> c == '?').count();
            if (binds != COLUMNS.size()) {
                throw new IllegalStateException("expected " + COLUMNS.size() + " bind values in " + rendered);
            }
            sql = rendered;
        }
        return rendered;
    }

    /** {@code unnest(?, ..., ?) AS r(user_id, ...)}: one bind parameter per column. */
    private static Table<?> unnest() {
        return DSL.table("unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14})",
                        param("user_ids", TEXTS), param("ids", LONGS), param("subscription_ids", TEXTS),
                        param("settings_ids", TEXTS), param("keys", TEXTS), param("messages", TEXTS),
                        param("urls", TEXTS), param("content_types", TEXTS), param("object_ids", TEXTS),
                        param("occurrences", INTS), param("viewed", BOOLS), param("emailed", BOOLS),
                        param("created", TIMES), param("modified", TIMES), param("event_ids", TEXTS))
                .as("r", COLUMNS.toArray(String[]::new));
    }

    /** The upsert of every row of {@code rows} (a source aliased {@code r} with {@link #COLUMNS}). */
    static Insert<?> insert(DSLContext tx, Table<?> rows) {
        Field<String> userId = field(name("r", "user_id"), SQLDataType.VARCHAR);
        Field<OffsetDateTime> createdAt = field(name("r", "created"), SQLDataType.TIMESTAMPWITHTIMEZONE(6));
        Field<OffsetDateTime> modifiedAt = field(name("r", "modified"), SQLDataType.TIMESTAMPWITHTIMEZONE(6));
        Field<Long> rowId = field(name("r", "id"), SQLDataType.BIGINT);
        Field<Boolean> emailedFlag = field(name("r", "is_emailed"), SQLDataType.BOOLEAN);
        var n0 = NYT_NOTIFICATION;
        Field<Boolean> viewedFlag = field(name("r", "is_viewed"), SQLDataType.BOOLEAN);
        Condition newOccurrence = excluded(n0.OCCURRENCES).gt(n0.OCCURRENCES);
        return tx.insertInto(n0, n0.USER_ID, n0.ID, n0.SUBSCRIPTION_ID, n0.SETTINGS_ID, n0.NOTIFICATION_TYPE_KEY, n0.MESSAGE,
                        n0.URL, n0.CONTENT_TYPE, n0.OBJECT_ID, n0.OCCURRENCES, n0.IS_VIEWED, n0.IS_EMAILED, n0.CREATED,
                        n0.MODIFIED, n0.EVENT_ID, n0.IS_SEEN)
                .select(select(userId,
                        rowId,
                        field(name("r", "subscription_id"), SQLDataType.VARCHAR),
                        field(name("r", "settings_id"), SQLDataType.VARCHAR),
                        field(name("r", "key"), SQLDataType.VARCHAR),
                        field(name("r", "message"), SQLDataType.CLOB),
                        field(name("r", "url"), SQLDataType.VARCHAR),
                        field(name("r", "content_type"), SQLDataType.VARCHAR),
                        field(name("r", "object_id"), SQLDataType.VARCHAR),
                        field(name("r", "occurrences"), SQLDataType.INTEGER),
                        field(name("r", "is_viewed"), SQLDataType.BOOLEAN),
                        field(condition(emailedFlag).or(DSL.exists(emailedBy(userId, rowId, modifiedAt)))),
                        createdAt,
                        modifiedAt,
                        field(name("r", "event_id"), SQLDataType.VARCHAR),
                        viewedFlag)
                        .from(rows)
                        .whereNotExists(deletedSince(userId, createdAt)))
                .onConflict(n0.USER_ID, n0.ID)
                .doUpdate()
                .set(n0.SUBSCRIPTION_ID, excluded(n0.SUBSCRIPTION_ID))
                .set(n0.SETTINGS_ID, excluded(n0.SETTINGS_ID))
                .set(n0.NOTIFICATION_TYPE_KEY, excluded(n0.NOTIFICATION_TYPE_KEY))
                .set(n0.MESSAGE, excluded(n0.MESSAGE))
                .set(n0.URL, excluded(n0.URL))
                .set(n0.CONTENT_TYPE, excluded(n0.CONTENT_TYPE))
                .set(n0.OBJECT_ID, excluded(n0.OBJECT_ID))
                .set(n0.OCCURRENCES, excluded(n0.OCCURRENCES))
                .set(n0.IS_VIEWED, field(condition(n0.IS_VIEWED).or(condition(excluded(n0.IS_VIEWED)))))
                // read implies seen; a new occurrence is new activity: unseen again, back from the archive
                .set(n0.IS_SEEN, field(condition(n0.IS_VIEWED).or(condition(excluded(n0.IS_VIEWED)))
                        .or(condition(n0.IS_SEEN).andNot(newOccurrence))))
                .set(n0.IS_ARCHIVED, field(condition(n0.IS_ARCHIVED).andNot(newOccurrence)))
                .set(n0.IS_EMAILED, excluded(n0.IS_EMAILED))
                .set(n0.CREATED, excluded(n0.CREATED))
                .set(n0.MODIFIED, excluded(n0.MODIFIED))
                .set(n0.EVENT_ID, excluded(n0.EVENT_ID))
                .where(excluded(n0.MODIFIED).ge(n0.MODIFIED));
    }

    /** A digest already projected that e-mailed this notification after its latest occurrence. */
    private static org.jooq.Select<?> emailedBy(Field<String> userId, Field<Long> id, Field<OffsetDateTime> modified) {
        var d = NYT_SENT_DIGEST;
        return selectOne().from(d).where(d.USER_ID.eq(userId)).and(d.OUTCOME.eq(inline(SENT)))
                .and(id.eq(DSL.any(d.NOTIFICATION_IDS))).and(d.HAPPENED_AT.ge(modified));
    }

    /** A tombstone of the user at or after {@code created}: the row belongs to a deleted user. */
    static org.jooq.Select<?> deletedSince(Field<String> userId, Field<OffsetDateTime> created) {
        Condition deleted = NYT_DELETED_USER.USER_ID.eq(userId).and(NYT_DELETED_USER.DELETED_AT.ge(created));
        return selectOne().from(NYT_DELETED_USER).where(deleted);
    }

    /** The chunk as one array per column. */
    record Columns(String[] userIds, Long[] ids, String[] subscriptionIds, String[] settingsIds, String[] keys,
                   String[] messages, String[] urls, String[] contentTypes, String[] objectIds, Integer[] occurrences,
                   Boolean[] viewed, Boolean[] emailed, String[] created, String[] modified, String[] eventIds) {

        static Columns of(List<NotificationState> chunk) {
            int n = chunk.size();
            Columns c = new Columns(new String[n], new Long[n], new String[n], new String[n], new String[n],
                    new String[n], new String[n], new String[n], new String[n], new Integer[n], new Boolean[n],
                    new Boolean[n], new String[n], new String[n], new String[n]);
            for (int i = 0; i < n; i++) {
                NotificationState s = chunk.get(i);
                c.userIds[i] = s.userId();
                c.ids[i] = s.id();
                c.subscriptionIds[i] = s.subscriptionId();
                c.settingsIds[i] = s.settingsId();
                c.keys[i] = s.key();
                c.messages[i] = s.message();
                c.urls[i] = s.url();
                c.contentTypes[i] = s.target() == null ? null : s.target().contentType();
                c.objectIds[i] = s.target() == null ? null : s.target().objectId();
                c.occurrences[i] = s.occurrences();
                c.viewed[i] = s.isViewed();
                c.emailed[i] = s.isEmailed();
                c.created[i] = text(s.created() == null ? s.modified() : s.created());
                c.modified[i] = text(s.modified() == null ? s.created() : s.modified());
                c.eventIds[i] = s.eventId();
            }
            return c;
        }

        /** ISO-8601 in UTC ({@code 2026-11-23T10:00:00.123Z}), which PostgreSQL reads as timestamptz. */
        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }

        /** The rows as CSV in {@link #COLUMNS} order: text quoted (inner quotes doubled), null an empty field. */
        String csv() {
            StringBuilder out = new StringBuilder(ids.length * 200);
            for (int i = 0; i < ids.length; i++) {
                quoted(out, userIds[i]).append(',').append(ids[i]).append(',');
                quoted(out, subscriptionIds[i]).append(',');
                quoted(out, settingsIds[i]).append(',');
                quoted(out, keys[i]).append(',');
                quoted(out, messages[i]).append(',');
                quoted(out, urls[i]).append(',');
                quoted(out, contentTypes[i]).append(',');
                quoted(out, objectIds[i]).append(',');
                out.append(occurrences[i]).append(',').append(viewed[i]).append(',').append(emailed[i]).append(',');
                quoted(out, created[i]).append(',');
                quoted(out, modified[i]).append(',');
                quoted(out, eventIds[i]).append('\n');
            }
            return out.toString();
        }

        private static StringBuilder quoted(StringBuilder out, String text) {
            if (text == null) {
                return out;
            }
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    out.append('"');
                }
                out.append(c);
            }
            return out.append('"');
        }

        void bind(Connection connection, PreparedStatement insert) throws SQLException {
            int i = 1;
            insert.setArray(i++, connection.createArrayOf("varchar", userIds));
            insert.setArray(i++, connection.createArrayOf("int8", ids));
            insert.setArray(i++, connection.createArrayOf("varchar", subscriptionIds));
            insert.setArray(i++, connection.createArrayOf("varchar", settingsIds));
            insert.setArray(i++, connection.createArrayOf("varchar", keys));
            insert.setArray(i++, connection.createArrayOf("text", messages));
            insert.setArray(i++, connection.createArrayOf("varchar", urls));
            insert.setArray(i++, connection.createArrayOf("varchar", contentTypes));
            insert.setArray(i++, connection.createArrayOf("varchar", objectIds));
            insert.setArray(i++, connection.createArrayOf("int4", occurrences));
            insert.setArray(i++, connection.createArrayOf("bool", viewed));
            insert.setArray(i++, connection.createArrayOf("bool", emailed));
            insert.setArray(i++, connection.createArrayOf("timestamptz", created));
            insert.setArray(i++, connection.createArrayOf("timestamptz", modified));
            insert.setArray(i, connection.createArrayOf("varchar", eventIds));
        }
    }
}

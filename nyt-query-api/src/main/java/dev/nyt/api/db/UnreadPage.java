package dev.nyt.api.db;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATIONTYPE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.trueCondition;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The hot query of the API, django-nyt's {@code get_notifications}: the count of the caller's notifications of a
 * filter and one page of them after the {@code after} cut, in one round trip:
 * <pre>
 * SELECT c.total, p.* FROM (SELECT count(*) ... WHERE user_id = ? AND NOT is_viewed) c
 *   LEFT JOIN LATERAL (SELECT ... WHERE user_id = ? AND NOT is_viewed AND id > ? ORDER BY id DESC LIMIT ?) p ON true
 * </pre>
 * The count row is always there, so an empty page still carries its total. The SQL is rendered by jOOQ once per
 * filter (with the table prefix) and run as a JDBC prepared statement, which pgjdbc keeps prepared on the server
 * per connection: no rendering per request. The filter is part of the SQL text, not a bind value, so
 * {@code NOT is_viewed} matches the partial unread index even in a generic plan.
 */
final class UnreadPage {

    /** Bind positions of the rendered statement. */
    private static final int COUNT_USER = 1;
    private static final int PAGE_USER = 2;
    private static final int AFTER = 3;
    private static final int LIMIT = 4;

    private final Map<ViewedFilter, String> sql = new EnumMap<>(ViewedFilter.class);

    UnreadPage(DSLContext dsl, SelectField<?>[] fields) {
        for (ViewedFilter filter : ViewedFilter.values()) {
            String rendered = dsl.render(query(filter, fields));
            long binds = rendered.chars().filter(c -> c == '?').count();
            if (binds != LIMIT) {
                throw new IllegalStateException("expected " + LIMIT + " bind values in " + rendered);
            }
            sql.put(filter, rendered);
        }
    }

    /** The statement of one filter, as rendered (for tests and EXPLAIN). */
    String sql(ViewedFilter filter) {
        return sql.get(filter);
    }

    private static org.jooq.Select<?> query(ViewedFilter filter, SelectField<?>[] fields) {
        var n = NYT_NOTIFICATION;
        Table<?> counted = select(count().as("total"))
                .from(n)
                .where(n.USER_ID.eq(param("count_user", String.class)).and(viewed(filter)))
                .asTable("c");
        Table<?> page = select(fields)
                .from(n)
                .leftJoin(NYT_NOTIFICATIONTYPE).on(NYT_NOTIFICATIONTYPE.KEY.eq(n.NOTIFICATION_TYPE_KEY))
                .where(n.USER_ID.eq(param("page_user", String.class)).and(viewed(filter))
                        .and(n.ID.gt(param("after", Long.class))))
                .orderBy(n.ID.desc())
                .limit(param("limit", Integer.class))
                .asTable("p");
        return select(counted.field("total"), page.asterisk()).from(counted).leftJoin(lateral(page)).on(trueCondition());
    }

    private static Condition viewed(ViewedFilter filter) {
        return switch (filter) {
            case UNVIEWED -> DSL.not(DSL.condition(NYT_NOTIFICATION.IS_VIEWED));
            case VIEWED -> DSL.condition(NYT_NOTIFICATION.IS_VIEWED);
            case ALL -> DSL.noCondition();
        };
    }

    NotificationPage fetch(DSLContext dsl, String userId, ViewedFilter filter, Long after, int limit) {
        String statement = sql.get(filter);
        return dsl.connectionResult(connection -> {
            try (PreparedStatement query = connection.prepareStatement(statement)) {
                query.setString(COUNT_USER, userId);
                query.setString(PAGE_USER, userId);
                query.setLong(AFTER, after == null ? Long.MIN_VALUE : after);
                query.setInt(LIMIT, limit);
                try (ResultSet rows = query.executeQuery()) {
                    return page(rows);
                }
            } catch (SQLException e) {
                throw new DataAccessException("SQL [" + statement + "]; " + e.getMessage(), e);
            }
        });
    }

    /** Columns: the total, then {@code ReadModel}'s notification fields in their order. */
    private static NotificationPage page(ResultSet rows) throws SQLException {
        int total = 0;
        List<NotificationRow> page = new ArrayList<>();
        while (rows.next()) {
            total = rows.getInt(1);
            long id = rows.getLong(2);
            if (rows.wasNull()) {
                break; // the count's row without a page (LEFT JOIN on nothing)
            }
            page.add(new NotificationRow(id, rows.getString(3), rows.getString(4), rows.getString(5),
                    rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                    ReadModel.target(rows.getString(10), rows.getString(11)), rows.getInt(12), rows.getBoolean(13),
                    rows.getBoolean(14), ReadModel.instant(rows.getObject(15, OffsetDateTime.class)),
                    ReadModel.instant(rows.getObject(16, OffsetDateTime.class)), rows.getString(17), rows.getBoolean(18),
                    rows.getBoolean(19)));
        }
        return new NotificationPage(total, page);
    }
}

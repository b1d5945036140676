package dev.nyt.api.db;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The states an inbox list shows ({@code state=} of {@code GET /api/v1/notifications}); each but ARCHIVED leaves
 * archived notifications out. UNREAD and UNSEEN read V1's unread index ({@code WHERE NOT is_viewed}: unseen rows
 * are unread, as read implies seen, so UNSEEN says so to match it), ARCHIVED V3's archived index, ALL the primary key.
 */
public enum InboxFilter {
    /** Not read (django-nyt's unviewed), not archived. */
    UNREAD,
    /** Not seen, not archived. */
    UNSEEN,
    /** Archived, read or not. */
    ARCHIVED,
    /** Every notification that is not archived. */
    ALL;

    Condition condition() {
        var n = NYT_NOTIFICATION;
        return switch (this) {
            case UNREAD -> DSL.not(DSL.condition(n.IS_VIEWED)).and(DSL.not(DSL.condition(n.IS_ARCHIVED)));
            case UNSEEN -> DSL.not(DSL.condition(n.IS_VIEWED)).and(DSL.not(DSL.condition(n.IS_SEEN)))
                    .and(DSL.not(DSL.condition(n.IS_ARCHIVED)));
            case ARCHIVED -> DSL.condition(n.IS_ARCHIVED);
            case ALL -> DSL.not(DSL.condition(n.IS_ARCHIVED));
        };
    }
}

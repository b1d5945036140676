package dev.nyt.api.db;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static org.jooq.impl.DSL.noCondition;

import dev.nyt.events.NotificationSelection;
import dev.nyt.events.NotificationStatusEvent;
import dev.nyt.events.NotificationsArchived;
import dev.nyt.events.NotificationsSeen;
import dev.nyt.events.NotificationsUnarchived;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.glob.KeyGlob;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * What a status event does to the read model, as one {@code UPDATE} of the user's selected rows that changes
 * only rows whose state differs (so the badge-count triggers see exactly the rows that moved). The projector
 * runs it for the events of {@code nyt-notifications}; the API runs it at once for its own writes, so the
 * caller's next read sees them (the projector's run later changes nothing more).
 *
 * <ul>
 *   <li>read ({@code NotificationsViewed}, django-nyt's {@code is_viewed}): read and seen;</li>
 *   <li>seen: seen, still unread;</li>
 *   <li>archived: archived, optionally only the read ones; unarchived: back in the inbox.</li>
 * </ul>
 */
public final class StatusUpdate {

    private StatusUpdate() {
    }

    public static Query of(DSLContext dsl, NotificationStatusEvent event) {
        var n = NYT_NOTIFICATION;
        return switch (event) {
            case NotificationsViewed viewed -> dsl.update(n).set(n.IS_VIEWED, true).set(n.IS_SEEN, true)
                    .where(selected(viewed)).and(n.IS_VIEWED.isFalse().or(n.IS_SEEN.isFalse()));
            case NotificationsSeen seen -> dsl.update(n).set(n.IS_SEEN, true)
                    .where(selected(seen)).and(n.IS_SEEN.isFalse());
            case NotificationsArchived archived -> dsl.update(n).set(n.IS_ARCHIVED, true)
                    .where(selected(archived)).and(n.IS_ARCHIVED.isFalse())
                    .and(archived.onlyRead() ? n.IS_VIEWED.isTrue() : noCondition());
            case NotificationsUnarchived unarchived -> dsl.update(n).set(n.IS_ARCHIVED, false)
                    .where(selected(unarchived)).and(n.IS_ARCHIVED.isTrue());
        };
    }

    /** The selection's rows: always one user's. */
    static Condition selected(NotificationSelection s) {
        var n = NYT_NOTIFICATION;
        return n.USER_ID.eq(s.userId())
                .and(n.ID.le(s.idLte()))
                .and(s.idGte() == null ? noCondition() : n.ID.ge(s.idGte()))
                .and(keys(s.key(), s.keyGlob()));
    }

    /** Of type {@code key} when given, matching {@code keyGlob} (the same rules as {@link KeyGlob#matches}) when given. */
    static Condition keys(String key, String keyGlob) {
        var n = NYT_NOTIFICATION;
        return (key == null ? noCondition() : n.NOTIFICATION_TYPE_KEY.eq(key))
                .and(keyGlob == null ? noCondition() : n.NOTIFICATION_TYPE_KEY.likeRegex(KeyGlob.compile(keyGlob).sqlRegex()));
    }
}

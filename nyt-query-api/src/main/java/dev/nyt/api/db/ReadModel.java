package dev.nyt.api.db;

import static dev.nyt.api.db.jooq.Tables.NYT_COMMAND_OUTCOME;
import static dev.nyt.api.db.jooq.Tables.NYT_INBOX_COUNT;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATIONTYPE;
import static dev.nyt.api.db.jooq.Tables.NYT_PROJECTOR_OFFSET;
import static dev.nyt.api.db.jooq.Tables.NYT_SETTINGS;
import static dev.nyt.api.db.jooq.Tables.NYT_SUBSCRIPTION;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;

import dev.nyt.api.db.jooq.tables.records.NytSubscriptionRecord;
import dev.nyt.events.NotificationStatusEvent;
import dev.nyt.events.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The queries of the HTTP API. Every one names the caller in its {@code WHERE}, so no route can reach
 * another user's rows; a row of another user is simply not found.
 */
public final class ReadModel {

    private static final String LINK = "subscription_link";
    private static final String DEADLOCK = "40P01";
    private static final int DEADLOCK_ATTEMPTS = 3;

    /** The list does not show the subscription: it skips the join that clears a deleted subscription's link. */
    private static final SelectField<?>[] NOTIFICATION_FIELDS = fields(NYT_NOTIFICATION.SUBSCRIPTION_ID.as(LINK));

    /** With the link only while the subscription exists (django-nyt nullifies it on unsubscribe). */
    private static final SelectField<?>[] LINKED_FIELDS = fields(NYT_SUBSCRIPTION.SUBSCRIPTION_ID.as(LINK));

    private static SelectField<?>[] fields(SelectField<String> link) {
        return new SelectField<?>[] {
        NYT_NOTIFICATION.ID, NYT_NOTIFICATION.USER_ID, link, NYT_NOTIFICATION.SETTINGS_ID,
        NYT_NOTIFICATION.NOTIFICATION_TYPE_KEY, NYT_NOTIFICATIONTYPE.LABEL, NYT_NOTIFICATION.MESSAGE, NYT_NOTIFICATION.URL,
        NYT_NOTIFICATION.CONTENT_TYPE, NYT_NOTIFICATION.OBJECT_ID, NYT_NOTIFICATION.OCCURRENCES, NYT_NOTIFICATION.IS_VIEWED,
        NYT_NOTIFICATION.IS_EMAILED, NYT_NOTIFICATION.CREATED, NYT_NOTIFICATION.MODIFIED, NYT_NOTIFICATION.EVENT_ID,
        NYT_NOTIFICATION.IS_SEEN, NYT_NOTIFICATION.IS_ARCHIVED,
        };
    }

    private final DSLContext dsl;
    private final UnreadPage pages;

    public ReadModel(DSLContext dsl) {
        this.dsl = dsl;
        this.pages = new UnreadPage(dsl, NOTIFICATION_FIELDS);
    }

    /**
     * Newest first; {@code totalCount} counts the filter's rows before the {@code after} cut, as django-nyt does.
     * One round trip: the statement is rendered once per filter ({@link UnreadPage}) and re-bound per request.
     */
    public NotificationPage notifications(String userId, ViewedFilter filter, Long after, int limit) {
        return pages.fetch(dsl, userId, filter, after, limit);
    }

    /**
     * What a realtime client missed since its Last-Event-ID, read in one snapshot (a read-only
     * {@code REPEATABLE READ} transaction): how far the projector had written {@code notificationsTopic} into
     * the read model, the caller's newest notification id, and its notifications with ids above
     * {@code afterId}, oldest first, at most {@code limit}.
     */
    public CatchUp catchUp(String notificationsTopic, String userId, long afterId, int limit) {
        return dsl.transactionResult(configuration -> {
            DSLContext snapshot = DSL.using(configuration);
            snapshot.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute();
            Map<Integer, Long> projected = projected(snapshot, notificationsTopic);
            List<NotificationRow> missed = snapshot.select(LINKED_FIELDS)
                    .from(NYT_NOTIFICATION)
                    .leftJoin(NYT_NOTIFICATIONTYPE).on(NYT_NOTIFICATIONTYPE.KEY.eq(NYT_NOTIFICATION.NOTIFICATION_TYPE_KEY))
                    .leftJoin(NYT_SUBSCRIPTION).on(NYT_SUBSCRIPTION.SUBSCRIPTION_ID.eq(NYT_NOTIFICATION.SUBSCRIPTION_ID))
                    .where(NYT_NOTIFICATION.USER_ID.eq(userId).and(NYT_NOTIFICATION.ID.gt(afterId)))
                    .orderBy(NYT_NOTIFICATION.ID.asc())
                    .limit(limit)
                    .fetch(ReadModel::notification);
            return new CatchUp(projected, newestId(snapshot, userId).orElse(null), missed, counts(snapshot, userId));
        });
    }

    /** How far the projector has written {@code topic} into the read model: per partition, the next offset. */
    public Map<Integer, Long> projected(String topic) {
        return projected(dsl, topic);
    }

    private static Map<Integer, Long> projected(DSLContext dsl, String topic) {
        return dsl.select(NYT_PROJECTOR_OFFSET.PARTITION, NYT_PROJECTOR_OFFSET.NEXT_OFFSET)
                .from(NYT_PROJECTOR_OFFSET)
                .where(NYT_PROJECTOR_OFFSET.TOPIC.eq(topic))
                .fetchMap(NYT_PROJECTOR_OFFSET.PARTITION, NYT_PROJECTOR_OFFSET.NEXT_OFFSET);
    }

    /** The caller's newest notification id; empty when it has none. */
    public Optional<Long> newestId(String userId) {
        return newestId(dsl, userId);
    }

    private static Optional<Long> newestId(DSLContext dsl, String userId) {
        return Optional.ofNullable(dsl.select(max(NYT_NOTIFICATION.ID)).from(NYT_NOTIFICATION)
                .where(NYT_NOTIFICATION.USER_ID.eq(userId))
                .fetchOne(0, Long.class));
    }

    public Optional<NotificationRow> notification(String userId, long id) {
        return dsl.select(LINKED_FIELDS)
                .from(NYT_NOTIFICATION)
                .leftJoin(NYT_NOTIFICATIONTYPE).on(NYT_NOTIFICATIONTYPE.KEY.eq(NYT_NOTIFICATION.NOTIFICATION_TYPE_KEY))
                .leftJoin(NYT_SUBSCRIPTION).on(NYT_SUBSCRIPTION.SUBSCRIPTION_ID.eq(NYT_NOTIFICATION.SUBSCRIPTION_ID))
                .where(NYT_NOTIFICATION.USER_ID.eq(userId).and(NYT_NOTIFICATION.ID.eq(id)))
                .fetchOptional(ReadModel::notification);
    }

    /**
     * Applies a status change of the caller's at once (read-your-writes: the API's own writes), as the projector
     * will when the confirmation arrives ({@link StatusUpdate}); answers how many rows changed. A deadlock with
     * the projector (both lock the user's rows and count row) is retried: PostgreSQL aborted one side of it.
     */
    public int apply(NotificationStatusEvent event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return StatusUpdate.of(dsl, event).execute();
            } catch (DataAccessException e) {
                if (attempt >= DEADLOCK_ATTEMPTS || !DEADLOCK.equals(e.sqlState())) {
                    throw e;
                }
            }
        }
    }

    /** The caller's badge counts: one primary-key read of the row the triggers of migration V3 keep. */
    public InboxCounts counts(String userId) {
        return counts(dsl, userId);
    }

    private static InboxCounts counts(DSLContext dsl, String userId) {
        return dsl.select(NYT_INBOX_COUNT.UNREAD, NYT_INBOX_COUNT.UNSEEN)
                .from(NYT_INBOX_COUNT)
                .where(NYT_INBOX_COUNT.USER_ID.eq(userId))
                .fetchOptional(r -> new InboxCounts(r.value1(), r.value2()))
                .orElse(InboxCounts.NONE);
    }

    /**
     * An inbox list: the caller's notifications of a state, optionally of one key and/or matching a key glob,
     * newest first, with ids above {@code after} and below {@code before} when given; {@code totalCount} counts
     * the filter's rows without the cursors.
     */
    public NotificationPage inbox(String userId, InboxFilter state, String key, String keyGlob, Long after, Long before,
                                  int limit) {
        var n = NYT_NOTIFICATION;
        Condition filter = n.USER_ID.eq(userId).and(state.condition()).and(StatusUpdate.keys(key, keyGlob));
        Condition cursors = (after == null ? noCondition() : n.ID.gt(after))
                .and(before == null ? noCondition() : n.ID.lt(before));
        return dsl.transactionResult(configuration -> {
            DSLContext snapshot = DSL.using(configuration);
            snapshot.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute();
            int total = snapshot.fetchCount(n, filter);
            List<NotificationRow> rows = snapshot.select(NOTIFICATION_FIELDS)
                    .from(n)
                    .leftJoin(NYT_NOTIFICATIONTYPE).on(NYT_NOTIFICATIONTYPE.KEY.eq(n.NOTIFICATION_TYPE_KEY))
                    .where(filter).and(cursors)
                    .orderBy(n.ID.desc())
                    .limit(limit)
                    .fetch(ReadModel::notification);
            return new NotificationPage(total, rows);
        });
    }

    public List<SubscriptionRow> subscriptions(String userId) {
        Field<Long> latest = DSL.field(select(max(NYT_NOTIFICATION.ID)).from(NYT_NOTIFICATION)
                .where(NYT_NOTIFICATION.USER_ID.eq(NYT_SUBSCRIPTION.USER_ID))
                .and(NYT_NOTIFICATION.SUBSCRIPTION_ID.eq(NYT_SUBSCRIPTION.SUBSCRIPTION_ID))).as("latest");
        return dsl.select(NYT_SUBSCRIPTION.asterisk(), latest)
                .from(NYT_SUBSCRIPTION)
                .where(NYT_SUBSCRIPTION.USER_ID.eq(userId))
                .orderBy(NYT_SUBSCRIPTION.CREATED, NYT_SUBSCRIPTION.SUBSCRIPTION_ID)
                .fetch(r -> {
                    NytSubscriptionRecord s = r.into(NYT_SUBSCRIPTION);
                    return new SubscriptionRow(s.getSubscriptionId(), s.getSettingsId(), s.getNotificationTypeKey(),
                            target(s.getContentType(), s.getObjectId()), s.getSendEmails(), r.get(latest),
                            instant(s.getCreated()), instant(s.getLastSent()));
                });
    }

    public List<SettingsRow> settings(String userId, java.util.function.IntFunction<String> labels) {
        return dsl.selectFrom(NYT_SETTINGS)
                .where(NYT_SETTINGS.USER_ID.eq(userId))
                .orderBy(NYT_SETTINGS.CREATED, NYT_SETTINGS.SETTINGS_ID)
                .fetch(s -> new SettingsRow(s.getSettingsId(), s.getInterval(), labels.apply(s.getInterval()),
                        s.getIsDefault(), instant(s.getCreated())));
    }

    /**
     * Notes a command the API is about to send as pending, before it is sent, so its outcome can only
     * arrive after this row (the projector's outcome overwrites it) and the caller can ask at once.
     */
    public void commandPending(String userId, String commandId, String type, Instant at) {
        var c = NYT_COMMAND_OUTCOME;
        dsl.insertInto(c, c.USER_ID, c.COMMAND_ID, c.COMMAND_TYPE, c.STATUS, c.RECEIVED_AT)
                .values(userId, commandId, type, CommandRow.PENDING, OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    /** Forgets a pending command that could not be sent (the caller got an error, not its id). */
    public void forgetPendingCommand(String userId, String commandId) {
        dsl.deleteFrom(NYT_COMMAND_OUTCOME)
                .where(NYT_COMMAND_OUTCOME.USER_ID.eq(userId))
                .and(NYT_COMMAND_OUTCOME.COMMAND_ID.eq(commandId))
                .and(NYT_COMMAND_OUTCOME.STATUS.eq(CommandRow.PENDING))
                .execute();
    }

    /** One of the caller's commands; empty for an unknown id or another user's. */
    public Optional<CommandRow> command(String userId, String commandId) {
        return dsl.selectFrom(NYT_COMMAND_OUTCOME)
                .where(NYT_COMMAND_OUTCOME.USER_ID.eq(userId))
                .and(NYT_COMMAND_OUTCOME.COMMAND_ID.eq(commandId))
                .fetchOptional(c -> new CommandRow(c.getCommandId(), c.getCommandType(), c.getStatus(), c.getField(),
                        c.getReason(), instant(c.getReceivedAt()), instant(c.getDecidedAt())));
    }

    private static NotificationRow notification(Record r) {
        return new NotificationRow(
                r.get(NYT_NOTIFICATION.ID), r.get(NYT_NOTIFICATION.USER_ID), r.get(LINK, String.class),
                r.get(NYT_NOTIFICATION.SETTINGS_ID), r.get(NYT_NOTIFICATION.NOTIFICATION_TYPE_KEY),
                r.get(NYT_NOTIFICATIONTYPE.LABEL), r.get(NYT_NOTIFICATION.MESSAGE), r.get(NYT_NOTIFICATION.URL),
                target(r.get(NYT_NOTIFICATION.CONTENT_TYPE), r.get(NYT_NOTIFICATION.OBJECT_ID)),
                r.get(NYT_NOTIFICATION.OCCURRENCES), r.get(NYT_NOTIFICATION.IS_VIEWED), r.get(NYT_NOTIFICATION.IS_EMAILED),
                instant(r.get(NYT_NOTIFICATION.CREATED)), instant(r.get(NYT_NOTIFICATION.MODIFIED)),
                r.get(NYT_NOTIFICATION.EVENT_ID), r.get(NYT_NOTIFICATION.IS_SEEN), r.get(NYT_NOTIFICATION.IS_ARCHIVED));
    }

    static Target target(String contentType, String objectId) {
        return contentType == null ? null : new Target(contentType, objectId);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

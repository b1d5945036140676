package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_COMMAND_OUTCOME;
import static dev.nyt.api.db.jooq.Tables.NYT_DELETED_USER;
import static dev.nyt.api.db.jooq.Tables.NYT_INBOX_COUNT;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATIONTYPE;
import static dev.nyt.api.db.jooq.Tables.NYT_PROJECTOR_OFFSET;
import static dev.nyt.api.db.jooq.Tables.NYT_SENT_DIGEST;
import static dev.nyt.api.db.jooq.Tables.NYT_SETTINGS;
import static dev.nyt.api.db.jooq.Tables.NYT_SUBSCRIPTION;
import static dev.nyt.api.db.jooq.Tables.NYT_USER;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.api.db.StatusUpdate;
import dev.nyt.events.NotificationState;
import dev.nyt.events.NotificationStatusEvent;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.User;
import dev.nyt.events.outcome.CommandOutcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * Writes a batch of changes into the read model inside the caller's transaction, in the order the topics
 * gave them, together with the position the batch reaches. Every statement is idempotent, so replaying a
 * topic leaves the same rows:
 * <ul>
 *   <li>a notification is upserted from its full state, and only by a state at least as new
 *       ({@code modified}); {@code is_viewed} never goes back to false (coalescing only happens while unviewed,
 *       so a viewed row plus an unviewed state means the state is older than the view);</li>
 *   <li>runs of notification states become one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE}
 *       of up to {@value #MAX_ROWS_PER_STATEMENT} rows, rendered once with 15 bound arrays
 *       ({@link NotificationUpsert});</li>
 *   <li>a status event (read, seen, archived, unarchived: {@link StatusUpdate}) ends the run before it, so it also
 *       marks rows of the same batch;</li>
 *   <li>the badge counts ({@code <prefix>_inbox_count}) follow every changed row by the triggers of migration V3,
 *       in the same transaction;</li>
 *   <li>rows of a deleted user that were created before the tombstone never come back.</li>
 * </ul>
 * Effects across topics are written so that they do not depend on the order in which the projector happens
 * to read the topics (it reads them independently): a notification projected after the digest that e-mailed
 * it is inserted e-mailed; a subscription projected after its digests gets their {@code lastSent}; a type's
 * content type is the least one seen; a subscription tombstone only deletes the subscription, and reads show
 * a notification's link only while the subscription exists (django-nyt nullifies it).
 */
final class ReadModelWriter {

    static final int MAX_ROWS_PER_STATEMENT = 5_000;
    private static final String SENT = "sent";

    private final NotificationUpsert notifications;

    ReadModelWriter() {
        this(new NotificationUpsert());
    }

    ReadModelWriter(NotificationUpsert notifications) {
        this.notifications = notifications;
    }

    /** Applies the changes, then records {@code nextOffsets} as the projector's position. */
    void apply(DSLContext tx, List<Change> changes, Map<TopicPartition, Long> nextOffsets) {
        List<Query> pending = new ArrayList<>();
        int i = 0;
        while (i < changes.size()) {
            if (changes.get(i) instanceof Change.NotificationUpsert) {
                flush(tx, pending);
                Map<List<Object>, NotificationState> run = new LinkedHashMap<>();
                while (i < changes.size() && changes.get(i) instanceof Change.NotificationUpsert(NotificationState state)) {
                    run.put(List.of(state.userId(), state.id()), state); // the later state of one id wins
                    i++;
                }
                upsertNotifications(tx, List.copyOf(run.values()));
            } else {
                pending.addAll(queries(tx, changes.get(i)));
                i++;
            }
        }
        nextOffsets.forEach((partition, next) -> pending.add(offset(tx, partition, next)));
        flush(tx, pending);
    }

    private static void flush(DSLContext tx, List<Query> queries) {
        if (queries.size() == 1) {
            queries.getFirst().execute();
        } else if (!queries.isEmpty()) {
            tx.batch(queries).execute();
        }
        queries.clear();
    }

    private List<Query> queries(DSLContext tx, Change change) {
        return switch (change) {
            case Change.NotificationUpsert upsert -> throw new IllegalStateException("runs are written together");
            case Change.StatusChanged(NotificationStatusEvent status) -> List.of(StatusUpdate.of(tx, status));
            case Change.SubscriptionUpsert(Subscription subscription) -> List.of(
                    notificationType(tx, subscription.key(), subscription.target()), upsertSubscription(tx, subscription));
            case Change.SubscriptionRemoved(String subscriptionId) -> List.of(
                    tx.deleteFrom(NYT_SUBSCRIPTION).where(NYT_SUBSCRIPTION.SUBSCRIPTION_ID.eq(subscriptionId)));
            case Change.SettingsUpsert(Settings settings) -> List.of(upsertSettings(tx, settings));
            case Change.SettingsRemoved(String userId, String settingsId) -> List.of(
                    tx.deleteFrom(NYT_SETTINGS).where(NYT_SETTINGS.USER_ID.eq(userId)).and(NYT_SETTINGS.SETTINGS_ID.eq(settingsId)));
            case Change.UserUpsert(User user) -> List.of(tx.insertInto(NYT_USER)
                    .set(NYT_USER.USER_ID, user.userId()).set(NYT_USER.EMAIL, user.email())
                    .set(NYT_USER.DISPLAY_NAME, user.displayName()).set(NYT_USER.ACTIVE, user.active())
                    .onConflict(NYT_USER.USER_ID).doUpdate()
                    .set(NYT_USER.EMAIL, excluded(NYT_USER.EMAIL))
                    .set(NYT_USER.DISPLAY_NAME, excluded(NYT_USER.DISPLAY_NAME))
                    .set(NYT_USER.ACTIVE, excluded(NYT_USER.ACTIVE)));
            case Change.UserRemoved(String userId, Instant at) -> deleteUser(tx, userId, at);
            case Change.CommandDecided(CommandOutcome outcome) -> List.of(commandDecided(tx, outcome));
            case Change.Email(DigestSent sent) -> digestSent(tx, sent);
            case Change.Email(DigestFailed failed) -> List.of(digest(tx, failed.digestId(), failed.userId(),
                    failed.settingsId(), "failed", null, failed.email(), null, null, null,
                    failed.notificationIds(), failed.subscriptionIds(), failed.reason(), failed.failedAt()));
        };
    }

    private void upsertNotifications(DSLContext tx, List<NotificationState> states) {
        for (int from = 0; from < states.size(); from += MAX_ROWS_PER_STATEMENT) {
            notifications.write(tx, states.subList(from, Math.min(states.size(), from + MAX_ROWS_PER_STATEMENT)));
        }
        Map<String, String> types = new TreeMap<>(); // sorted: concurrent projectors lock type rows in one order
        for (NotificationState state : states) {
            String contentType = state.target() == null ? null : state.target().contentType();
            if (types.get(state.key()) == null) {
                types.put(state.key(), contentType);
            }
        }
        upsertTypes(tx, types).execute();
    }

    /** Types are created on the fly; of the content types seen the least one sticks, so replays agree whatever the order. */
    private static Query upsertTypes(DSLContext tx, Map<String, String> types) {
        var insert = tx.insertInto(NYT_NOTIFICATIONTYPE, NYT_NOTIFICATIONTYPE.KEY, NYT_NOTIFICATIONTYPE.CONTENT_TYPE);
        types.forEach(insert::values);
        return insert.onConflict(NYT_NOTIFICATIONTYPE.KEY).doUpdate()
                .set(NYT_NOTIFICATIONTYPE.CONTENT_TYPE, least(NYT_NOTIFICATIONTYPE.CONTENT_TYPE, excluded(NYT_NOTIFICATIONTYPE.CONTENT_TYPE)))
                .where(excluded(NYT_NOTIFICATIONTYPE.CONTENT_TYPE).isNotNull());
    }

    private static Query notificationType(DSLContext tx, String key, Target target) {
        return upsertTypes(tx, java.util.Collections.singletonMap(key, target == null ? null : target.contentType()));
    }

    private static Query upsertSubscription(DSLContext tx, Subscription s) {
        var t = NYT_SUBSCRIPTION;
        Field<OffsetDateTime> created = val(time(s.created()), t.CREATED);
        var d = NYT_SENT_DIGEST;
        Field<OffsetDateTime> lastSent = field(select(DSL.max(d.HAPPENED_AT)).from(d)
                .where(d.USER_ID.eq(s.userId()))
                .and(d.OUTCOME.eq(SENT))
                .and(val(s.subscriptionId()).eq(DSL.any(d.SUBSCRIPTION_IDS))));
        return tx.insertInto(t, t.SUBSCRIPTION_ID, t.USER_ID, t.SETTINGS_ID, t.NOTIFICATION_TYPE_KEY, t.CONTENT_TYPE,
                        t.OBJECT_ID, t.SEND_EMAILS, t.CREATED, t.LAST_SENT)
                .select(select(val(s.subscriptionId(), t.SUBSCRIPTION_ID), val(s.userId(), t.USER_ID),
                        val(s.settingsId(), t.SETTINGS_ID), val(s.key(), t.NOTIFICATION_TYPE_KEY),
                        val(s.target() == null ? null : s.target().contentType(), t.CONTENT_TYPE),
                        val(s.target() == null ? null : s.target().objectId(), t.OBJECT_ID),
                        val(s.sendEmails(), t.SEND_EMAILS), created, lastSent)
                        .whereNotExists(NotificationUpsert.deletedSince(val(s.userId(), t.USER_ID), created)))
                .onConflict(t.SUBSCRIPTION_ID).doUpdate()
                .set(t.USER_ID, excluded(t.USER_ID))
                .set(t.SETTINGS_ID, excluded(t.SETTINGS_ID))
                .set(t.NOTIFICATION_TYPE_KEY, excluded(t.NOTIFICATION_TYPE_KEY))
                .set(t.CONTENT_TYPE, excluded(t.CONTENT_TYPE))
                .set(t.OBJECT_ID, excluded(t.OBJECT_ID))
                .set(t.SEND_EMAILS, excluded(t.SEND_EMAILS))
                .set(t.CREATED, excluded(t.CREATED))
                .set(t.LAST_SENT, excluded(t.LAST_SENT));
    }

    private static Query upsertSettings(DSLContext tx, Settings s) {
        var t = NYT_SETTINGS;
        Field<OffsetDateTime> created = val(time(s.created()), t.CREATED);
        return tx.insertInto(t, t.SETTINGS_ID, t.USER_ID, t.INTERVAL, t.IS_DEFAULT, t.CREATED)
                .select(select(val(s.settingsId(), t.SETTINGS_ID), val(s.userId(), t.USER_ID),
                        val(s.interval(), t.INTERVAL), val(s.isDefault(), t.IS_DEFAULT), created)
                        .whereNotExists(NotificationUpsert.deletedSince(val(s.userId(), t.USER_ID), created)))
                .onConflict(t.USER_ID, t.SETTINGS_ID).doUpdate()
                .set(t.INTERVAL, excluded(t.INTERVAL))
                .set(t.IS_DEFAULT, excluded(t.IS_DEFAULT))
                .set(t.CREATED, excluded(t.CREATED));
    }

    /**
     * The registry's outcome replaces the API's pending row (or is the row, for a command sent by a producer);
     * the outcome of a command of a user deleted since is not kept.
     */
    private static Query commandDecided(DSLContext tx, CommandOutcome o) {
        var c = NYT_COMMAND_OUTCOME;
        Field<OffsetDateTime> at = val(time(o.decidedAt()), c.DECIDED_AT);
        return tx.insertInto(c, c.USER_ID, c.COMMAND_ID, c.COMMAND_TYPE, c.STATUS, c.FIELD, c.REASON, c.RECEIVED_AT,
                        c.DECIDED_AT)
                .select(select(val(o.userId(), c.USER_ID), val(o.commandId(), c.COMMAND_ID),
                        val(o.commandType(), c.COMMAND_TYPE), val(o.status(), c.STATUS), val(o.field(), c.FIELD),
                        val(o.reason(), c.REASON), at, at)
                        .whereNotExists(NotificationUpsert.deletedSince(val(o.userId(), c.USER_ID), at)))
                .onConflict(c.USER_ID, c.COMMAND_ID).doUpdate()
                .set(c.STATUS, excluded(c.STATUS))
                .set(c.FIELD, excluded(c.FIELD))
                .set(c.REASON, excluded(c.REASON))
                .set(c.DECIDED_AT, excluded(c.DECIDED_AT));
    }

    private static List<Query> deleteUser(DSLContext tx, String userId, Instant at) {
        return List.of(
                tx.insertInto(NYT_DELETED_USER, NYT_DELETED_USER.USER_ID, NYT_DELETED_USER.DELETED_AT)
                        .values(userId, time(at))
                        .onConflict(NYT_DELETED_USER.USER_ID).doUpdate()
                        .set(NYT_DELETED_USER.DELETED_AT, greatest(NYT_DELETED_USER.DELETED_AT, excluded(NYT_DELETED_USER.DELETED_AT))),
                tx.deleteFrom(NYT_NOTIFICATION).where(NYT_NOTIFICATION.USER_ID.eq(userId)),
                tx.deleteFrom(NYT_SUBSCRIPTION).where(NYT_SUBSCRIPTION.USER_ID.eq(userId)),
                tx.deleteFrom(NYT_SETTINGS).where(NYT_SETTINGS.USER_ID.eq(userId)),
                tx.deleteFrom(NYT_SENT_DIGEST).where(NYT_SENT_DIGEST.USER_ID.eq(userId)),
                tx.deleteFrom(NYT_COMMAND_OUTCOME).where(NYT_COMMAND_OUTCOME.USER_ID.eq(userId)),
                tx.deleteFrom(NYT_USER).where(NYT_USER.USER_ID.eq(userId)),
                tx.deleteFrom(NYT_INBOX_COUNT).where(NYT_INBOX_COUNT.USER_ID.eq(userId)));
    }

    /** Marks the notifications e-mailed (unless a newer occurrence came since) and moves the subscriptions' lastSent. */
    private static List<Query> digestSent(DSLContext tx, DigestSent sent) {
        OffsetDateTime at = time(sent.sentAt());
        return List.of(
                digest(tx, sent.digestId(), sent.userId(), sent.settingsId(), SENT, sent.messageId(), sent.email(),
                        sent.subject(), sent.template(), sent.interval(), sent.notificationIds(), sent.subscriptionIds(),
                        null, sent.sentAt()),
                tx.update(NYT_NOTIFICATION).set(NYT_NOTIFICATION.IS_EMAILED, true)
                        .where(NYT_NOTIFICATION.USER_ID.eq(sent.userId()))
                        .and(NYT_NOTIFICATION.ID.in(sent.notificationIds()))
                        .and(NYT_NOTIFICATION.MODIFIED.le(at)),
                tx.update(NYT_SUBSCRIPTION)
                        .set(NYT_SUBSCRIPTION.LAST_SENT, greatest(DSL.coalesce(NYT_SUBSCRIPTION.LAST_SENT, val(at)), val(at)))
                        .where(NYT_SUBSCRIPTION.USER_ID.eq(sent.userId()))
                        .and(NYT_SUBSCRIPTION.SUBSCRIPTION_ID.in(sent.subscriptionIds())));
    }

    private static Query digest(DSLContext tx, String digestId, String userId, String settingsId, String outcome,
                                String messageId, String email, String subject, String template, Integer interval,
                                List<Long> notificationIds, List<String> subscriptionIds, String reason, Instant at) {
        var d = NYT_SENT_DIGEST;
        Field<OffsetDateTime> happenedAt = val(time(at), d.HAPPENED_AT);
        return tx.insertInto(d, d.DIGEST_ID, d.USER_ID, d.SETTINGS_ID, d.OUTCOME, d.MESSAGE_ID, d.EMAIL, d.SUBJECT,
                        d.TEMPLATE, d.INTERVAL, d.NOTIFICATION_IDS, d.SUBSCRIPTION_IDS, d.REASON, d.HAPPENED_AT)
                .select(select(val(digestId, d.DIGEST_ID), val(userId, d.USER_ID), val(settingsId, d.SETTINGS_ID),
                        val(outcome, d.OUTCOME), val(messageId, d.MESSAGE_ID), val(email, d.EMAIL),
                        val(subject, d.SUBJECT), val(template, d.TEMPLATE), val(interval, d.INTERVAL),
                        val(notificationIds.toArray(Long[]::new), d.NOTIFICATION_IDS),
                        val(subscriptionIds.toArray(String[]::new), d.SUBSCRIPTION_IDS), val(reason, d.REASON), happenedAt)
                        .whereNotExists(NotificationUpsert.deletedSince(val(userId, d.USER_ID), happenedAt)))
                .onConflict(d.DIGEST_ID).doUpdate()
                .set(d.OUTCOME, excluded(d.OUTCOME)).set(d.MESSAGE_ID, excluded(d.MESSAGE_ID))
                .set(d.EMAIL, excluded(d.EMAIL)).set(d.SUBJECT, excluded(d.SUBJECT))
                .set(d.TEMPLATE, excluded(d.TEMPLATE)).set(d.INTERVAL, excluded(d.INTERVAL))
                .set(d.NOTIFICATION_IDS, excluded(d.NOTIFICATION_IDS)).set(d.SUBSCRIPTION_IDS, excluded(d.SUBSCRIPTION_IDS))
                .set(d.REASON, excluded(d.REASON)).set(d.HAPPENED_AT, excluded(d.HAPPENED_AT));
    }

    private static Query offset(DSLContext tx, TopicPartition partition, long next) {
        var o = NYT_PROJECTOR_OFFSET;
        return tx.insertInto(o, o.TOPIC, o.PARTITION, o.NEXT_OFFSET)
                .values(partition.topic(), partition.partition(), next)
                .onConflict(o.TOPIC, o.PARTITION).doUpdate()
                .set(o.NEXT_OFFSET, excluded(o.NEXT_OFFSET));
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

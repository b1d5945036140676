package dev.nyt.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.api.db.InboxCounts;
import dev.nyt.api.db.InboxFilter;
import dev.nyt.api.db.NotificationPage;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.api.db.ReadModel;
import dev.nyt.events.Archive;
import dev.nyt.events.Limits;
import dev.nyt.events.MarkSeen;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.Unarchive;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbox beyond django-nyt: seen / read / archived, bulk actions over a selection (ids, key, key glob), the
 * badge counts, and lists filtered by state and key with cursors both ways. Every state change is a
 * {@link StatusCommand} on {@code nyt-notification-status} (confirmed on {@code nyt-notifications} for every tab),
 * applied to the read model at once as well, so the caller's next read already shows it.
 */
final class InboxEndpoints {

    /** The body of the bulk actions; every field optional, an empty body selects everything. */
    record SelectionBody(Long idLte, Long idGte, String key, String keyGlob) {
        static final SelectionBody ALL = new SelectionBody(null, null, null, null);
    }

    /** The body of {@code archive}: a selection, and {@code onlyRead} for "archive all read". */
    record ArchiveBody(Long idLte, Long idGte, String key, String keyGlob, Boolean onlyRead) {
        static final ArchiveBody ALL = new ArchiveBody(null, null, null, null, null);
    }

    /** What a bulk action answers: {@code idLte} is the upper bound it applied (null: the caller had nothing). */
    record Done(boolean success, Long idLte) {
    }

    record Counts(boolean success, long unread, long unseen) {
    }

    record InboxList(boolean success, @JsonProperty("total_count") int totalCount, List<NotificationObject> objects) {
    }

    private final ReadModel readModel;
    private final Commands commands;
    private final Clock clock;

    InboxEndpoints(ReadModel readModel, Commands commands, Clock clock) {
        this.readModel = readModel;
        this.commands = commands;
        this.clock = clock;
    }

    /** Whether a list request uses the inbox filters ({@code state}, {@code key}, {@code keyGlob}, {@code before}). */
    static boolean wanted(Context ctx) {
        for (String name : new String[] {"state", "key", "keyGlob", "before"}) {
            if (ctx.queryParam(name) != null) {
                return true;
            }
        }
        return false;
    }

    /** {@code GET /api/v1/notifications?state=&key=&keyGlob=&after=&before=&limit=} */
    void list(Context ctx, String caller) {
        if (ctx.queryParam("viewed") != null) {
            throw new BadRequestException("viewed", "is django-nyt's filter; with state, key, keyGlob or before use state");
        }
        InboxFilter state = Optional.ofNullable(Params.state(ctx)).orElse(InboxFilter.UNREAD);
        String key = Params.optionalText(ctx, "key", Limits.MAX_KEY_LENGTH);
        String keyGlob = Params.optionalText(ctx, "keyGlob", Limits.MAX_KEY_LENGTH);
        Long after = Params.optionalId(ctx, "after");
        Long before = Params.optionalId(ctx, "before");
        int limit = Params.limit(ctx);
        NotificationPage page = readModel.inbox(caller, state, key, keyGlob, after, before, limit);
        Instant now = clock.instant();
        List<NotificationObject> objects = new ArrayList<>(page.rows().size());
        for (NotificationRow row : page.rows()) {
            objects.add(NotificationObject.of(row, now));
        }
        ctx.json(new InboxList(true, page.totalCount(), objects));
    }

    /** {@code GET /api/v1/notifications/counts} */
    void counts(Context ctx, String caller) {
        InboxCounts counts = readModel.counts(caller);
        ctx.json(new Counts(true, counts.unread(), counts.unseen()));
    }

    /** {@code POST /api/v1/notifications/mark-seen} */
    void markSeen(Context ctx, String caller) {
        SelectionBody b = Bodies.readOrEmpty(ctx, SelectionBody.class, SelectionBody.ALL);
        apply(ctx, caller, b.idLte(), idLte -> new MarkSeen(caller, idLte, idGte(b.idGte()), b.key(), b.keyGlob(), clock.instant()));
    }

    /** {@code POST /api/v1/notifications/mark-all-read}: django-nyt's mark-read over a selection, all by default. */
    void markAllRead(Context ctx, String caller) {
        SelectionBody b = Bodies.readOrEmpty(ctx, SelectionBody.class, SelectionBody.ALL);
        apply(ctx, caller, b.idLte(), idLte -> new MarkViewed(caller, idLte, idGte(b.idGte()), b.key(), clock.instant(), b.keyGlob()));
    }

    /** {@code POST /api/v1/notifications/archive} */
    void archive(Context ctx, String caller) {
        ArchiveBody b = Bodies.readOrEmpty(ctx, ArchiveBody.class, ArchiveBody.ALL);
        apply(ctx, caller, b.idLte(),
                idLte -> new Archive(caller, idLte, idGte(b.idGte()), b.key(), b.keyGlob(), b.onlyRead(), clock.instant()));
    }

    /** {@code POST /api/v1/notifications/unarchive} */
    void unarchive(Context ctx, String caller) {
        SelectionBody b = Bodies.readOrEmpty(ctx, SelectionBody.class, SelectionBody.ALL);
        apply(ctx, caller, b.idLte(), idLte -> new Unarchive(caller, idLte, idGte(b.idGte()), b.key(), b.keyGlob(), clock.instant()));
    }

    @FunctionalInterface
    private interface CommandOf {
        StatusCommand at(long idLte);
    }

    /**
     * Without {@code idLte} the selection ends at the caller's newest notification in the read model (what the caller
     * can have seen), so a notification still on its way is not marked by a click that never showed it.
     */
    private void apply(Context ctx, String caller, Long requestedIdLte, CommandOf command) {
        Long idLte = requestedIdLte;
        if (idLte == null) {
            idLte = readModel.newestId(caller).orElse(null);
        } else {
            Params.positive("idLte", idLte);
        }
        if (idLte != null) {
            change(command.at(idLte)); // the record checks key, keyGlob: 400 naming the field
        }
        ctx.json(new Done(true, idLte));
    }

    /** Publishes the command (the fan-out confirms it for every tab), then applies it to the read model at once. */
    void change(StatusCommand status) {
        commands.status(status);
        readModel.apply(status.confirmed(clock.instant()));
    }

    private static Long idGte(Long idGte) {
        return idGte == null ? null : Params.positive("idGte", idGte);
    }
}

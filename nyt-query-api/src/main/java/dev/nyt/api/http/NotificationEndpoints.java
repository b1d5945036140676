package dev.nyt.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nyt.api.db.NotificationPage;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.api.db.ReadModel;
import dev.nyt.api.db.ViewedFilter;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.json.Json;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectWriter;

/** django-nyt's views: {@code get_notifications}, {@code mark_read} and {@code goto}, for the caller only. */
final class NotificationEndpoints {

    /** The answer of {@code get_notifications}. */
    record NotificationList(boolean success, @JsonProperty("total_count") int totalCount, List<NotificationObject> objects) {
    }

    /** The body of {@code POST /api/v1/notifications/mark-read}. */
    record MarkReadBody(Long idLte, Long idGte, String key, String keyGlob) {
    }

    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);
    private static final ObjectWriter LIST_WRITER = Json.mapper().writerFor(NotificationList.class);

    private final ReadModel readModel;
    private final InboxEndpoints inbox;
    private final Clock clock;

    NotificationEndpoints(ReadModel readModel, InboxEndpoints inbox, Clock clock) {
        this.readModel = readModel;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** {@code GET /api/v1/notifications?viewed=&after=&limit=}, or with the inbox filters {@link InboxEndpoints#list}. */
    void list(Context ctx, String caller) {
        if (InboxEndpoints.wanted(ctx)) {
            inbox.list(ctx, caller);
        } else {
            list(ctx, caller, Params.optionalId(ctx, "after"));
        }
    }

    /** {@code GET /nyt/json/get/} and {@code /nyt/json/get/{latest_id}/} */
    void djangoList(Context ctx, String caller) {
        Long latestId = ctx.pathParamMap().containsKey("latest_id") ? Params.pathId(ctx, "latest_id") : null;
        list(ctx, caller, latestId);
    }

    private void list(Context ctx, String caller, Long after) {
        ViewedFilter viewed = Params.viewed(ctx);
        int limit = Params.limit(ctx);
        NotificationPage page = readModel.notifications(caller, viewed, after, limit);
        Instant now = clock.instant();
        List<NotificationObject> objects = new ArrayList<>(page.rows().size());
        for (NotificationRow row : page.rows()) {
            objects.add(NotificationObject.of(row, now));
        }
        // the same bytes as ctx.json, written straight to bytes by a writer resolved once
        ctx.contentType(ContentType.APPLICATION_JSON).result(LIST_WRITER.writeValueAsBytes(
                new NotificationList(true, page.totalCount(), objects)));
    }

    /** {@code POST /api/v1/notifications/mark-read} with {@code {"idLte": N, "idGte": M?, "key": K?}} */
    void markRead(Context ctx, String caller) {
        MarkReadBody body = Bodies.read(ctx, MarkReadBody.class);
        long idLte = Params.positive("idLte", body.idLte());
        Long idGte = body.idGte() == null ? null : Params.positive("idGte", body.idGte());
        markRead(ctx, caller, idLte, idGte, body.key(), body.keyGlob());
    }

    /** {@code /nyt/json/mark-read/{id_lte}/} and {@code /nyt/json/mark-read/{id_lte}/{id_gte}/} */
    void djangoMarkRead(Context ctx, String caller) {
        long idLte = Params.pathId(ctx, "id_lte");
        Long idGte = ctx.pathParamMap().containsKey("id_gte") ? Params.pathId(ctx, "id_gte") : null;
        markRead(ctx, caller, idLte, idGte == null || idGte == 0 ? null : idGte, Params.optionalText(ctx, "key"), null);
    }

    /**
     * Publishes the MarkViewed (the fan-out's inbox learns it, and emits NotificationsViewed), then marks the
     * read model at once so the caller's next read already sees it.
     */
    private void markRead(Context ctx, String caller, long idLte, Long idGte, String key, String keyGlob) {
        if (idLte > 0) {
            inbox.change(new MarkViewed(caller, idLte, idGte, key, clock.instant(), keyGlob));
        }
        ctx.json(SUCCESS);
    }

    /** {@code GET /api/v1/notifications/{id}/goto} and {@code /nyt/goto/{id}/}: mark viewed, 302 to its url, else the Referer, else /. */
    void goTo(Context ctx, String caller) {
        long id = Params.pathId(ctx, "id");
        NotificationRow row = readModel.notification(caller, id).orElseThrow(NotFoundException::new);
        if (!row.isViewed()) {
            inbox.change(new MarkViewed(caller, id, id, null, clock.instant()));
        }
        String url = row.url();
        ctx.redirect(url == null || url.isBlank() ? referer(ctx) : url, HttpStatus.FOUND);
    }

    /** {@code /nyt/goto/}: django-nyt's {@code goto} without an id goes back where the caller came from. */
    void goBack(Context ctx, String caller) {
        ctx.redirect(referer(ctx), HttpStatus.FOUND);
    }

    private static String referer(Context ctx) {
        String referer = ctx.header("Referer");
        return referer == null || referer.isBlank() ? "/" : referer;
    }
}

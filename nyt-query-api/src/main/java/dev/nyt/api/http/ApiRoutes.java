package dev.nyt.api.http;

import dev.nyt.api.auth.Authenticator;
import dev.nyt.api.auth.NotLoggedInException;
import dev.nyt.api.db.ReadModel;
import dev.nyt.api.push.Realtime;
import dev.nyt.runtime.Intervals;
import io.javalin.config.JavalinConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every route of the query API in one place (SPEC §4), for the service and its tests alike. Each handler is
 * wrapped once: it gets the authenticated caller, its errors become the API's JSON answers, and its time
 * goes to {@code nyt_http_requests_seconds{method, route, status}}.
 */
public final class ApiRoutes {

    /** What the routes need. */
    public record Services(Authenticator auth, ReadModel readModel, Commands commands, Realtime realtime,
                           Intervals intervals, MeterRegistry registry, Clock clock, CorsPolicy cors) {
    }

    @FunctionalInterface
    interface CallerHandler {
        void handle(Context ctx, String caller) throws Exception;
    }

    private ApiRoutes() {
    }

    public static void install(JavalinConfig config, Services services) {
        var inbox = new InboxEndpoints(services.readModel(), services.commands(), services.clock());
        var notifications = new NotificationEndpoints(services.readModel(), inbox, services.clock());
        var subscriptions = new SubscriptionEndpoints(services.readModel(), services.commands(), services.intervals(),
                services.clock());
        var streams = new StreamEndpoints(services.auth(), services.realtime());
        var routes = new Wrapper(services.auth(), services.registry());
        CorsPolicy cors = services.cors();

        // before every route (and on paths without one, so a preflight is answered): CORS for allowed origins
        config.routes.before(cors::apply);

        config.routes.get("/api/v1/notifications", routes.of("/api/v1/notifications", notifications::list));
        config.routes.post("/api/v1/notifications/mark-read", routes.of("/api/v1/notifications/mark-read", notifications::markRead));
        config.routes.get("/api/v1/notifications/counts", routes.of("/api/v1/notifications/counts", inbox::counts));
        config.routes.post("/api/v1/notifications/mark-seen", routes.of("/api/v1/notifications/mark-seen", inbox::markSeen));
        config.routes.post("/api/v1/notifications/mark-all-read", routes.of("/api/v1/notifications/mark-all-read", inbox::markAllRead));
        config.routes.post("/api/v1/notifications/archive", routes.of("/api/v1/notifications/archive", inbox::archive));
        config.routes.post("/api/v1/notifications/unarchive", routes.of("/api/v1/notifications/unarchive", inbox::unarchive));
        config.routes.get("/api/v1/notifications/{id}/goto", routes.of("/api/v1/notifications/{id}/goto", notifications::goTo));
        config.routes.get("/api/v1/subscriptions", routes.of("/api/v1/subscriptions", subscriptions::subscriptions));
        config.routes.post("/api/v1/subscriptions", routes.of("/api/v1/subscriptions", subscriptions::subscribe));
        config.routes.delete("/api/v1/subscriptions", routes.of("/api/v1/subscriptions", subscriptions::unsubscribe));
        config.routes.get("/api/v1/settings", routes.of("/api/v1/settings", subscriptions::settings));
        config.routes.put("/api/v1/settings/{id}", routes.of("/api/v1/settings/{id}", subscriptions::upsertSettings));
        config.routes.get("/api/v1/commands/{commandId}", routes.of("/api/v1/commands/{commandId}", subscriptions::command));
        config.routes.get("/api/v1/stream", routes.of("/api/v1/stream", streams::caller, streams::stream));

        // django-nyt's own URLs (django_nyt.urls), same semantics, for clients ported from Django
        config.routes.get("/nyt/json/get/", routes.of("/nyt/json/get/", notifications::djangoList));
        config.routes.get("/nyt/json/get/{latest_id}/", routes.of("/nyt/json/get/{latest_id}/", notifications::djangoList));
        for (String path : new String[] {"/nyt/json/mark-read/{id_lte}/", "/nyt/json/mark-read/{id_lte}/{id_gte}/"}) {
            config.routes.get(path, routes.of(path, notifications::djangoMarkRead));
            config.routes.post(path, routes.of(path, notifications::djangoMarkRead));
        }
        config.routes.get("/nyt/goto/{id}/", routes.of("/nyt/goto/{id}/", notifications::goTo));
        config.routes.get("/nyt/goto/", routes.of("/nyt/goto/", notifications::goBack));

        byte[] openApi = OpenApi.document();
        config.routes.get("/openapi.json", ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(openApi));
        // the web inbox: the <nyt-inbox> component (one ES module) and a page that shows it for the caller
        byte[] component = OpenApi.resource("/dev/nyt/api/web/nyt-inbox.js");
        byte[] page = OpenApi.resource("/dev/nyt/api/web/inbox.html");
        config.routes.get("/nyt-inbox.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .header(Header.CACHE_CONTROL, "no-cache").result(component));
        config.routes.get("/inbox", ctx -> ctx.contentType(ContentType.TEXT_HTML).header(Header.CACHE_CONTROL, "no-cache")
                .result(page));

        config.routes.wsBeforeUpgrade("/nyt", ctx -> {
            if (!cors.allowsSocket(ctx.header(Header.ORIGIN), ctx.header(Header.HOST))) {
                throw new ForbiddenResponse("origin not allowed");
            }
            try {
                streams.beforeUpgrade(ctx);
            } catch (NotLoggedInException e) {
                throw new UnauthorizedResponse("not logged in");
            }
        });
        config.routes.ws("/nyt", streams::socket);
    }

    /** Authentication, error answers and timing around a handler. */
    private record Wrapper(Authenticator auth, MeterRegistry registry) {

        Handler of(String route, CallerHandler handler) {
            return of(route, ctx -> auth.caller(ctx.header(Header.AUTHORIZATION), ctx.header(Authenticator.DEV_HEADER), null),
                    handler);
        }

        Handler of(String route, java.util.function.Function<Context, String> callerOf, CallerHandler handler) {
            // one timer per method and status of the route, registered once rather than looked up per request
            Map<String, Timer> timers = new ConcurrentHashMap<>();
            return ctx -> {
                long started = System.nanoTime();
                try {
                    handler.handle(ctx, callerOf.apply(ctx));
                } catch (Exception e) {
                    Errors.answer(ctx, e);
                } finally {
                    String method = ctx.method().name();
                    int status = ctx.statusCode();
                    timers.computeIfAbsent(method + ' ' + status, key -> Timer.builder("nyt.http.requests")
                                    .description("HTTP requests of the query API")
                                    .tags("method", method, "route", route, "status", Integer.toString(status))
                                    .register(registry))
                            .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            };
        }
    }
}

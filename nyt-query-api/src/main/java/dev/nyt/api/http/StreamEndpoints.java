package dev.nyt.api.http;

import dev.nyt.api.auth.Authenticator;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.api.db.ReadModel;
import dev.nyt.api.push.PushHub;
import dev.nyt.api.push.PushMessage;
import dev.nyt.api.push.SseConnection;
import dev.nyt.api.push.WsConnection;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseHandler;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realtime routes: {@code GET /api/v1/stream} (Server-Sent Events; resumes after {@code Last-Event-ID}
 * from the read model) and the WebSocket {@code /nyt}. Both take the token from the Authorization header or,
 * since browsers' EventSource and WebSocket cannot set headers, from {@code ?access_token=}.
 */
final class StreamEndpoints {

    static final int CATCH_UP_LIMIT = 1_000;

    private final Authenticator auth;
    private final ReadModel readModel;
    private final PushHub hub;
    private final int queueCapacity;
    private final Map<String, WsConnection> sockets = new ConcurrentHashMap<>();

    StreamEndpoints(Authenticator auth, ReadModel readModel, PushHub hub, int queueCapacity) {
        this.auth = auth;
        this.readModel = readModel;
        this.hub = hub;
        this.queueCapacity = queueCapacity;
    }

    String caller(Context ctx) {
        return auth.caller(ctx.header(Header.AUTHORIZATION), ctx.header(Authenticator.DEV_HEADER),
                ctx.queryParam(Authenticator.TOKEN_PARAMETER));
    }

    private String caller(WsContext ctx) {
        return auth.caller(ctx.header(Header.AUTHORIZATION), ctx.header(Authenticator.DEV_HEADER),
                ctx.queryParam(Authenticator.TOKEN_PARAMETER));
    }

    /** Authenticates before the stream starts (SSE answers 200 as soon as it starts), then streams. */
    void stream(Context ctx, String caller) throws Exception {
        String accept = ctx.header(Header.ACCEPT);
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.status(HttpStatus.NOT_ACCEPTABLE).json(ErrorBody.of("send Accept: text/event-stream"));
            return;
        }
        Long lastEventId = lastEventId(ctx);
        new SseHandler(0, client -> {
            client.keepAlive();
            hub.connect(new SseConnection(caller, queueCapacity, client), () -> catchUp(caller, lastEventId));
        }).handle(ctx);
    }

    private static Long lastEventId(Context ctx) {
        String raw = ctx.header("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            raw = ctx.queryParam("lastEventId");
        }
        return raw == null || raw.isBlank() ? null : Params.nonNegative("Last-Event-ID", raw);
    }

    private List<PushMessage> catchUp(String caller, Long lastEventId) {
        if (lastEventId == null) {
            return List.of();
        }
        return readModel.notificationsSince(caller, lastEventId, CATCH_UP_LIMIT).stream()
                .map(NotificationRow::toEvent).map(PushMessage::of).toList();
    }

    /** Refuses the upgrade (401) without a valid caller. */
    void beforeUpgrade(Context ctx) {
        caller(ctx);
    }

    void socket(WsConfig ws) {
        ws.onConnect(ctx -> {
            WsConnection connection = new WsConnection(caller(ctx), queueCapacity, ctx);
            sockets.put(ctx.sessionId(), connection);
            hub.connect(connection, List::of);
        });
        ws.onClose(ctx -> closed(ctx.sessionId()));
        ws.onError(ctx -> closed(ctx.sessionId()));
    }

    private void closed(String sessionId) {
        WsConnection connection = sockets.remove(sessionId);
        if (connection != null) {
            connection.close();
        }
    }
}

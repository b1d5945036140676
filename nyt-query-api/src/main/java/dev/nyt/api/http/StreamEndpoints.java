package dev.nyt.api.http;

import dev.nyt.api.auth.Authenticator;
import dev.nyt.api.push.Realtime;
import dev.nyt.api.push.SseConnection;
import dev.nyt.api.push.WsConnection;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseHandler;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The realtime routes: {@code GET /api/v1/stream} (Server-Sent Events) and the WebSocket {@code /nyt}. Both
 * take the token from the Authorization header or, since browsers' EventSource and WebSocket cannot set
 * headers, from {@code ?access_token=}; both resume after a cursor (SSE: {@code Last-Event-ID} or
 * {@code ?lastEventId=}; WebSocket: {@code ?lastEventId=}), see {@link dev.nyt.api.push.Realtime}.
 */
final class StreamEndpoints {

    static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
    static final String LAST_EVENT_ID_PARAMETER = "lastEventId";

    private final Authenticator auth;
    private final Realtime realtime;
    private final Map<String, WsConnection> sockets = new ConcurrentHashMap<>();

    StreamEndpoints(Authenticator auth, Realtime realtime) {
        this.auth = auth;
        this.realtime = realtime;
    }

    /** In dev mode only, {@code ?user=} names the caller of a stream as the header does (EventSource cannot set it). */
    static final String DEV_USER_PARAMETER = "user";

    String caller(Context ctx) {
        return auth.caller(ctx.header(Header.AUTHORIZATION), devUser(ctx.header(Authenticator.DEV_HEADER),
                ctx.queryParam(DEV_USER_PARAMETER)), ctx.queryParam(Authenticator.TOKEN_PARAMETER));
    }

    private String caller(WsContext ctx) {
        return auth.caller(ctx.header(Header.AUTHORIZATION), devUser(ctx.header(Authenticator.DEV_HEADER),
                ctx.queryParam(DEV_USER_PARAMETER)), ctx.queryParam(Authenticator.TOKEN_PARAMETER));
    }

    private static String devUser(String header, String parameter) {
        return header != null && !header.isBlank() ? header : parameter;
    }

    /** Authenticates and checks the cursor before the stream starts (SSE answers 200 as soon as it starts), then streams. */
    void stream(Context ctx, String caller) throws Exception {
        String accept = ctx.header(Header.ACCEPT);
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.status(HttpStatus.NOT_ACCEPTABLE).json(ErrorBody.of("send Accept: text/event-stream"));
            return;
        }
        String header = ctx.header(LAST_EVENT_ID_HEADER);
        Long lastEventId = header == null || header.isBlank()
                ? cursor(LAST_EVENT_ID_PARAMETER, ctx.queryParam(LAST_EVENT_ID_PARAMETER))
                : cursor(LAST_EVENT_ID_HEADER, header);
        new SseHandler(0, client -> {
            client.keepAlive();
            realtime.open(new SseConnection(caller, realtime.queueCapacity(), client), lastEventId);
        }).handle(ctx);
    }

    private static Long cursor(String name, String raw) {
        return raw == null || raw.isBlank() ? null : Params.nonNegative(name, raw);
    }

    /** Refuses the upgrade without a valid caller (401) or with a bad {@code lastEventId} (400). */
    void beforeUpgrade(Context ctx) {
        caller(ctx);
        try {
            cursor(LAST_EVENT_ID_PARAMETER, ctx.queryParam(LAST_EVENT_ID_PARAMETER));
        } catch (BadRequestException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    void socket(WsConfig ws) {
        ws.onConnect(ctx -> {
            WsConnection connection = new WsConnection(caller(ctx), realtime.queueCapacity(), ctx);
            sockets.put(ctx.sessionId(), connection);
            realtime.open(connection, cursor(LAST_EVENT_ID_PARAMETER, ctx.queryParam(LAST_EVENT_ID_PARAMETER)));
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

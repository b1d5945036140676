package dev.nyt.api.push;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.events.json.Json;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * One WebSocket {@code /nyt} client: each text frame parsed as JSON, and the cursor a client keeps to resume
 * with {@code ?lastEventId=}: the id of the last {@code notificationCreated}, or the {@code lastEventId} of a
 * {@code caughtUp} or {@code reload}.
 */
public final class WsStream implements RealtimeClient {

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Long cursor;
    private final WebSocket socket;

    private WsStream(QueryApiFixture nyt, String user, Long lastEventId, String origin) throws Exception {
        this.cursor = lastEventId;
        String query = "?access_token=" + QueryApiFixture.token(user) + (lastEventId == null ? "" : "&lastEventId=" + lastEventId);
        WebSocket.Builder builder = nyt.http.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder
                .buildAsync(URI.create("ws://localhost:" + nyt.api.port() + "/nyt" + query), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received(Json.mapper().readTree(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        ended.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        ended.complete(null);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    public static WsStream open(QueryApiFixture nyt, String user, Long lastEventId) throws Exception {
        return new WsStream(nyt, user, lastEventId, null);
    }

    /** As a browser page of {@code origin} opens it (null: no Origin header, as a non-browser client). */
    public static WsStream openFrom(QueryApiFixture nyt, String user, String origin) throws Exception {
        return new WsStream(nyt, user, null, origin);
    }

    private void received(JsonNode frame) {
        String type = frame.path("type").asString();
        if ("notificationCreated".equals(type)) {
            cursor = frame.path("id").asLong();
        } else if (("caughtUp".equals(type) || "reload".equals(type)) && !frame.path("lastEventId").isNull()) {
            cursor = frame.path("lastEventId").asLong();
        }
        frames.add(frame);
    }

    @Override
    public Long cursor() {
        return cursor;
    }

    @Override
    public boolean ended() {
        return ended.isDone();
    }

    @Override
    public List<JsonNode> messages() {
        return List.copyOf(frames);
    }

    List<String> types() {
        return frames.stream().map(frame -> frame.path("type").asString()).toList();
    }

    @Override
    public void close() {
        if (!ended()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}

package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.api.push.WsStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NYT_CORS_ORIGINS against the real server: preflights of the API routes and the stream, answers, the WebSocket's Origin. */
class CorsIT {

    private static final String APP = "http://app.example.test:5173";
    private static final String EVIL = "http://evil.example.test";
    private static QueryApiFixture nyt;

    @BeforeAll
    static void start() {
        nyt = QueryApiFixture.start(Map.of("NYT_CORS_ORIGINS", APP));
    }

    @AfterAll
    static void stop() {
        nyt.close();
    }

    private static HttpResponse<String> preflight(String path, String origin, String method, String headers) {
        return nyt.send(HttpRequest.newBuilder(nyt.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).build());
    }

    @Test
    void answersThePreflightOfAnAllowedOriginForTheApiRoutesAndTheStream() {
        for (String path : List.of("/api/v1/notifications", "/api/v1/notifications/mark-seen", "/api/v1/notifications/counts",
                "/api/v1/settings/s-1", "/api/v1/stream", "/nyt/json/get/")) {
            HttpResponse<String> response = preflight(path, APP, "POST", "authorization, content-type");

            assertThat(response.statusCode()).as(path).isEqualTo(204);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue(APP);
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, PUT, DELETE");
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                    .contains("Authorization", "Content-Type", "Last-Event-ID");
            assertThat(response.headers().firstValue("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Origin"));
        }
    }

    @Test
    void refusesThePreflightOfAnyOtherOrigin() {
        HttpResponse<String> response = preflight("/api/v1/notifications", EVIL, "GET", "authorization");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.body()).contains("origin not allowed");
    }

    @Test
    void answersOfAnAllowedOriginCarryItErrorsIncludedAndOtherOriginsGetNone() {
        HttpResponse<String> allowed = nyt.send(nyt.request("/api/v1/notifications/counts", "cors-alice")
                .header("Origin", APP).GET().build());
        HttpResponse<String> unauthenticated = nyt.send(nyt.request("/api/v1/notifications/counts", null)
                .header("Origin", APP).GET().build());
        HttpResponse<String> other = nyt.send(nyt.request("/api/v1/notifications/counts", "cors-alice")
                .header("Origin", EVIL).GET().build());
        HttpResponse<String> sameOrigin = nyt.get("/api/v1/notifications/counts", "cors-alice");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("Access-Control-Allow-Origin")).as("the page can read the 401").hasValue(APP);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(sameOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theWebSocketChecksItsOriginAgainstTheSameList() throws Exception {
        String url = "ws://localhost:" + nyt.api.port() + "/nyt?access_token=" + QueryApiFixture.token("cors-bob");

        for (String origin : new String[] {APP, "http://localhost:" + nyt.api.port(), null}) {
            try (WsStream socket = WsStream.openFrom(nyt, "cors-bob", origin)) {
                await("the first frame from " + origin).atMost(Duration.ofSeconds(10)).until(() -> !socket.messages().isEmpty());
                assertThat(socket.messages().getFirst().path("type").asString()).isEqualTo("caughtUp");
            }
        }
        var refused = nyt.http.newWebSocketBuilder().header("Origin", EVIL)
                .buildAsync(URI.create(url), new WebSocket.Listener() { });
        assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }
}

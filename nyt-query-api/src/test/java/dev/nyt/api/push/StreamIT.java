package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.events.NotificationsSeen;
import dev.nyt.events.NotificationsViewed;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Realtime push over SSE and WebSocket from the one push consumer of the instance (and dev-mode callers). */
class StreamIT {

    private static QueryApiFixture nyt;

    @BeforeAll
    static void start() {
        nyt = QueryApiFixture.start(java.util.Map.of("NYT_AUTH_MODE", "dev"));
    }

    @AfterAll
    static void stop() {
        nyt.close();
    }

    @Test
    void streamsTheCallersNotificationsPublishedAfterConnectingAndNoOneElses() throws Exception {
        try (SseStream alice = SseStream.open(nyt, "sse-alice", null)) {
            await("the stream to be registered").atMost(Duration.ofSeconds(10)).until(() -> alice.types().contains("caughtUp"));

            nyt.notify("sse-bob", 7, "comment/new", null);
            nyt.notify("sse-alice", 8, "comment/new", "/c/8");

            await("alice's event on the stream").atMost(Duration.ofSeconds(20))
                    .until(() -> alice.lines.contains("id: 8"));
            assertThat(alice.lines).contains("event: notificationCreated");
            assertThat(alice.lines).anySatisfy(line -> assertThat(line).startsWith("data: {\"type\":\"notificationCreated\",\"id\":8"));
            assertThat(alice.lines).noneMatch(line -> line.contains("sse-bob"));
        }
    }

    @Test
    void resumesAfterLastEventIdFromTheReadModel() throws Exception {
        for (long id = 1; id <= 4; id++) {
            nyt.notify("sse-carol", id, "comment/new", null);
        }
        nyt.awaitRow("sse-carol", 4);

        try (SseStream carol = SseStream.open(nyt, "sse-carol", "2")) {
            await("what carol missed since 2, and her counts").atMost(Duration.ofSeconds(20))
                    .until(() -> carol.types().contains("counts"));
            assertThat(carol.events).extracting(SseStream.Event::type, SseStream.Event::id).containsExactly(
                    tuple("notificationCreated", "3"), tuple("notificationCreated", "4"), tuple("caughtUp", "4"),
                    tuple("counts", null));
            assertThat(carol.events.get(2).data()).isEqualTo("{\"type\":\"caughtUp\",\"lastEventId\":4,\"count\":2}");
            assertThat(carol.events.get(3).data()).as("the badge from the catch-up's snapshot")
                    .isEqualTo("{\"type\":\"counts\",\"unread\":4,\"unseen\":4}");

            nyt.notify("sse-carol", 5, "comment/new", null);
            await("a live event after the catch-up").atMost(Duration.ofSeconds(20))
                    .until(() -> carol.lines.contains("id: 5"));
        }
    }

    @Test
    void theBadgeCountsFollowStateChangesConfirmedOnTheTopicAndNoOneElses() throws Exception {
        try (SseStream erin = SseStream.open(nyt, "sse-erin", null)) {
            await("the stream to start").atMost(Duration.ofSeconds(10)).until(() -> erin.types().contains("counts"));
            nyt.notify("sse-erin", 1, "comment/new", null);
            nyt.notify("sse-erin", 2, "wiki/page", null);
            await("counts of two").atMost(Duration.ofSeconds(20))
                    .until(() -> lastCounts(erin).equals("{\"type\":\"counts\",\"unread\":2,\"unseen\":2}"));

            // the fan-out confirms a mark-seen of comments, and a read of 2; another user's count changes meanwhile
            nyt.publish(nyt.topics.notifications(), "sse-erin",
                    new NotificationsSeen("sse-erin", Long.MAX_VALUE, null, null, "comment/*", Instant.now()));
            nyt.notify("sse-frank", 3, "comment/new", null);
            nyt.publish(nyt.topics.notifications(), "sse-erin",
                    new NotificationsViewed("sse-erin", 2, 2L, null, Instant.now()));

            await("the counts after both").atMost(Duration.ofSeconds(20))
                    .until(() -> lastCounts(erin).equals("{\"type\":\"counts\",\"unread\":1,\"unseen\":0}"));
            assertThat(erin.types()).contains("notificationsSeen", "notificationsViewed");
            assertThat(erin.lines).noneMatch(line -> line.contains("sse-frank"));
            assertThat(nyt.get("/api/v1/notifications/counts", "sse-erin").body())
                    .isEqualTo("{\"success\":true,\"unread\":1,\"unseen\":0}");
        }
    }

    /** The latest badge counts the stream sent (they may come before a live event they already count). */
    private static String lastCounts(SseStream stream) {
        return stream.events.stream().filter(event -> event.type().equals("counts")).reduce((a, b) -> b)
                .map(SseStream.Event::data).orElse("");
    }

    @Test
    void refusesAStreamWithoutAToken() throws Exception {
        HttpResponse<String> response = nyt.http.send(HttpRequest.newBuilder(nyt.uri("/api/v1/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("not logged in");
    }

    @Test
    void pushesTheSameEventsOverTheWebSocket() throws Exception {
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = nyt.http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + QueryApiFixture.token("ws-dora"))
                .buildAsync(URI.create("ws://localhost:" + nyt.api.port() + "/nyt"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get();
        try {
            await("the socket to be registered").atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 2);
            assertThat(frames).containsExactly("{\"type\":\"caughtUp\",\"lastEventId\":0,\"count\":0}",
                    "{\"type\":\"counts\",\"unread\":0,\"unseen\":0}");
            nyt.notify("ws-dora", 3, "comment/new", null);

            await("dora's event as a text frame, then her counts").atMost(Duration.ofSeconds(20)).until(() -> frames.size() == 4);
            assertThat(frames.get(2)).startsWith("{\"type\":\"notificationCreated\",\"id\":3,\"userId\":\"ws-dora\"");
            assertThat(frames.get(3)).isEqualTo("{\"type\":\"counts\",\"unread\":1,\"unseen\":1}");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
        }
    }

    @Test
    void refusesAWebSocketWithoutAToken() {
        var attempt = nyt.http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + nyt.api.port() + "/nyt"), new WebSocket.Listener() { });

        assertThat(attempt).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class);
    }

    @Test
    void inDevModeTheHeaderNamesTheCallerAndTokensStillWork() {
        nyt.notify("dev-erin", 1, "comment/new", null);
        nyt.awaitRow("dev-erin", 1);

        HttpResponse<String> byHeader = nyt.send(nyt.request("/api/v1/notifications", null)
                .header("X-Nyt-User", "dev-erin").build());
        HttpResponse<String> byToken = nyt.get("/api/v1/notifications", "dev-erin");

        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(byHeader.body()).contains("\"total_count\":1");
        assertThat(byToken.body()).contains("\"total_count\":1");
    }
}

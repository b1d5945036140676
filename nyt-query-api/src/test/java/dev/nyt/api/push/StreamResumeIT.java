package dev.nyt.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Exact resume against the real broker, PostgreSQL and the running projector: a client that reconnects in the
 * middle of a burst of 1,000 notifications gets every id exactly once and in order, over SSE and WebSocket;
 * when the read model cannot catch up it is told to reload rather than left with a silent gap.
 */
class StreamResumeIT {

    private static final int BURST = 1_000;

    private static QueryApiFixture nyt;

    /** A loaded test machine can hold the projector back for seconds: the bursts wait long rather than reload. */
    @BeforeAll
    static void start() {
        nyt = QueryApiFixture.start(Map.of("NYT_PUSH_RESUME_WAIT_MS", "30000"));
    }

    @AfterAll
    static void stop() {
        nyt.close();
    }

    @FunctionalInterface
    private interface Opener {
        RealtimeClient open(String user, Long cursor) throws Exception;
    }

    private static RealtimeClient sse(String user, Long cursor) throws Exception {
        return sse(nyt, user, cursor);
    }

    private static RealtimeClient sse(QueryApiFixture api, String user, Long cursor) throws Exception {
        return SseStream.open(api, user, cursor == null ? null : cursor.toString());
    }

    private static RealtimeClient ws(String user, Long cursor) throws Exception {
        return WsStream.open(nyt, user, cursor);
    }

    @Test
    void everyIdArrivesOnceAndInOrderAcrossSseReconnectsDuringABurst() throws Exception {
        burstWithReconnects("sse-alice", "sse-bob", StreamResumeIT::sse);
    }

    @Test
    void everyIdArrivesOnceAndInOrderAcrossWebSocketReconnectsDuringABurst() throws Exception {
        burstWithReconnects("ws-alice", "ws-bob", StreamResumeIT::ws);
    }

    /** What one user's client got across all its connections. */
    private static final class Received {
        final List<Long> created = new ArrayList<>();
        final List<Integer> caughtUp = new ArrayList<>();
        final List<JsonNode> reloads = new ArrayList<>();
        /** The badge counts each (re)start and burst sent: no notification of their own, never more than were sent. */
        final List<JsonNode> counts = new ArrayList<>();
        final List<String> users = new ArrayList<>();
        int connections;
        int droppedByTheServer;

        void add(JsonNode message) {
            switch (message.path("type").asString()) {
                case "notificationCreated" -> {
                    created.add(message.path("id").asLong());
                    users.add(message.path("userId").asString());
                }
                case "caughtUp" -> caughtUp.add(message.path("count").asInt());
                case "reload" -> reloads.add(message);
                case "counts" -> counts.add(message);
                default -> users.add(message.path("userId").asString());
            }
        }
    }

    private void burstWithReconnects(String alice, String bob, Opener opener) throws Exception {
        // Given alice and bob connected, each with nothing yet
        RealtimeClient bobs = opener.open(bob, null);
        RealtimeClient client = opener.open(alice, null);
        await("alice's stream started").atMost(Duration.ofSeconds(20)).until(() -> !client.messages().isEmpty());

        // When 1,000 notifications of alice (and 100 of bob) are published one after the other
        CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
            for (long id = 1; id <= BURST; id++) {
                nyt.notify(alice, id, "comment/new", null);
                if (id % 10 == 0) {
                    nyt.notify(bob, id / 10, "comment/new", null);
                }
            }
        });

        // and alice's client goes away at 300 and at 600, and comes back with its cursor once 50 more are stored
        Received received = new Received();
        List<Long> reconnectAt = new ArrayList<>(List.of(300L, 600L));
        RealtimeClient current = client;
        received.connections = 1;
        int read = 0;
        while (received.created.size() < BURST) {
            RealtimeClient connection = current;
            int seen = read;
            try {
                await("more of alice's stream").atMost(Duration.ofSeconds(60))
                        .until(() -> connection.messages().size() > seen || connection.ended());
            } catch (ConditionTimeoutException e) {
                List<JsonNode> got = connection.messages();
                List<Long> missing = LongStream.rangeClosed(1, BURST).boxed().filter(id -> !received.created.contains(id)).toList();
                throw new AssertionError("alice's connection " + received.connections + " stalled after "
                        + received.created.size() + " ids, missing " + missing + "; cursor " + connection.cursor()
                        + "; its last messages " + got.subList(Math.max(0, got.size() - 3), got.size()), e);
            }
            List<JsonNode> messages = connection.messages();
            for (; read < messages.size(); read++) {
                received.add(messages.get(read));
            }
            assertThat(received.reloads).as("a resume during the burst told to reload").isEmpty();
            boolean leave = !reconnectAt.isEmpty() && received.created.size() >= reconnectAt.getFirst();
            if (leave || connection.ended() && connection.messages().size() == read) {
                if (!leave) {
                    received.droppedByTheServer++;
                }
                // gone: what arrived until the connection ended counts, as it does for a browser's cursor
                connection.close();
                await("alice's connection closed").atMost(Duration.ofSeconds(20)).until(connection::ended);
                List<JsonNode> last = connection.messages();
                for (; read < last.size(); read++) {
                    received.add(last.get(read));
                }
                Long cursor = connection.cursor();
                if (leave) {
                    reconnectAt.removeFirst();
                    nyt.awaitRow(alice, Math.min(BURST, cursor + 50));
                }
                current = opener.open(alice, cursor);
                received.connections++;
                read = 0;
            }
        }
        burst.get();
        RealtimeClient last = current;
        await("the last connection caught up").atMost(Duration.ofSeconds(30)).until(() -> types(last).contains("caughtUp"));
        List<JsonNode> rest = last.messages();
        for (; read < rest.size(); read++) {
            received.add(rest.get(read));
        }

        // Then every id arrived exactly once, in order, only alice's, and the resumes caught up from the read model
        assertThat(received.created).containsExactlyElementsOf(LongStream.rangeClosed(1, BURST).boxed().toList());
        assertThat(received.users).containsOnly(alice);
        assertThat(received.reloads).isEmpty();
        assertThat(received.counts).isNotEmpty().allSatisfy(c -> assertThat(c.path("unread").asLong()).isBetween(0L, (long) BURST));
        assertThat(received.connections).isGreaterThanOrEqualTo(3);
        assertThat(received.caughtUp).as("the start, then each resume's catch-up").hasSizeGreaterThanOrEqualTo(3);
        assertThat(received.caughtUp.subList(1, received.caughtUp.size())).anySatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(50));
        current.close();

        // And bob got his 100 and nothing of alice's, live and when he resumes from the start
        await("bob's notifications").atMost(Duration.ofSeconds(30)).until(() -> createdIds(bobs).size() == BURST / 10);
        assertThat(createdIds(bobs)).containsExactlyElementsOf(LongStream.rangeClosed(1, BURST / 10).boxed().toList());
        bobs.close();
        try (RealtimeClient again = opener.open(bob, 0L)) {
            await("bob's catch-up").atMost(Duration.ofSeconds(30)).until(() -> types(again).contains("caughtUp"));
            assertThat(createdIds(again)).containsExactlyElementsOf(LongStream.rangeClosed(1, BURST / 10).boxed().toList());
            assertThat(again.messages()).filteredOn(m -> m.has("userId")).allSatisfy(m -> assertThat(m.path("userId").asString()).isEqualTo(bob));
        }
    }

    private static List<Long> createdIds(RealtimeClient client) {
        return client.messages().stream().filter(m -> "notificationCreated".equals(m.path("type").asString()))
                .map(m -> m.path("id").asLong()).toList();
    }

    private static List<String> types(RealtimeClient client) {
        return client.messages().stream().map(m -> m.path("type").asString()).toList();
    }

    @Test
    void aResumeWhileTheProjectorIsStuckSaysReloadThenStreamsLiveAndResumesExactlyOnceItMovesAgain() throws Exception {
        String carol = "stuck-carol";
        try (QueryApiFixture api = QueryApiFixture.start(Map.of("NYT_PUSH_RESUME_WAIT_MS", "1000"))) {
            api.notify(carol, 1, "comment/new", null);
            api.awaitRow(carol, 1);
            try (RealtimeClient observer = sse(api, carol, null)) {
                await("the observer's stream started").atMost(Duration.ofSeconds(20)).until(() -> !observer.messages().isEmpty());

                // Given the projector stuck (its offsets table locked) after the push consumer handed on id 2
                RealtimeClient resumed;
                try (Connection lock = api.db.connect(); Statement statement = lock.createStatement()) {
                    lock.setAutoCommit(false);
                    statement.execute("LOCK TABLE nyt_projector_offset IN EXCLUSIVE MODE");
                    api.notify(carol, 2, "comment/new", null);
                    await("id 2 live").atMost(Duration.ofSeconds(20)).until(() -> createdIds(observer).contains(2L));
                    assertThat(api.row(carol, 2)).isEmpty();

                    // When carol resumes after 1
                    resumed = sse(api, carol, 1L);

                    // Then, after the bounded wait, she is told to reload, not silently given nothing
                    await("the reload").atMost(Duration.ofSeconds(30)).until(() -> !resumed.messages().isEmpty());
                    JsonNode reload = resumed.messages().getFirst();
                    assertThat(reload.path("type").asString()).isEqualTo("reload");
                    assertThat(reload.path("reason").asString()).isEqualTo("readModelBehind");
                    assertThat(reload.path("lastEventId").asLong()).isEqualTo(1);
                    lock.rollback();
                }

                // And live events go on; once the projector moves, a resume after 1 is exact again
                api.notify(carol, 3, "comment/new", null);
                await("id 3 live after the reload").atMost(Duration.ofSeconds(20)).until(() -> createdIds(resumed).contains(3L));
                resumed.close();
                api.awaitRow(carol, 3);
                try (RealtimeClient again = sse(api, carol, 1L)) {
                    await("the catch-up").atMost(Duration.ofSeconds(20)).until(() -> types(again).contains("caughtUp"));
                    assertThat(createdIds(again)).containsExactly(2L, 3L);
                }
                assertThat(metric(api, "nyt_push_reloads_total{reason=\"readModelBehind\"")).isGreaterThanOrEqualTo(1);
                assertThat(metric(api, "nyt_push_resumes_total{outcome=\"caught_up\"")).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aBadCursorIsRefusedNamingIt() throws Exception {
        HttpResponse<String> sse = nyt.http.send(HttpRequest.newBuilder(nyt.uri("/api/v1/stream?access_token=" + QueryApiFixture.token("dan")))
                .header("Accept", "text/event-stream").header("Last-Event-ID", "abc").build(), HttpResponse.BodyHandlers.ofString());
        var socket = nyt.http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + nyt.api.port()
                + "/nyt?lastEventId=-1&access_token=" + QueryApiFixture.token("dan")), new WebSocket.Listener() { });

        assertThat(sse.statusCode()).isEqualTo(400);
        assertThat(sse.body()).contains("\"field\":\"Last-Event-ID\"");
        assertThat(socket).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }

    private static double metric(QueryApiFixture api, String prefix) {
        return api.get("/metrics", null).body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}

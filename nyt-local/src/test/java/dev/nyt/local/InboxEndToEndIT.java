package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 end to end (fan-out and query API in one JVM, JWT): a state change made through the API in one tab
 * goes through nyt-notification-status, the fan-out's confirmation on nyt-notifications and the projector, and
 * reaches the user's other tab live with the new badge counts; another user's tab and counts never move.
 */
class InboxEndToEndIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase db;
    private static FanoutService fanout;
    private static QueryApi api;
    private static Nyt nyt;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        String prefix = TestKafka.uniqueName("e2e-inbox") + "-";
        Map<String, String> env = new HashMap<>();
        env.put("NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers());
        env.put("NYT_TOPIC_PREFIX", prefix);
        env.put("NYT_TOPIC_PARTITIONS", "2");
        env.put("NYT_STATE_DIR", Files.createTempDirectory("nyt-e2e-inbox").toString());
        env.put("NYT_DB_URL", db.jdbcUrl());
        env.put("NYT_DB_USER", db.user());
        env.put("NYT_DB_PASSWORD", db.password());
        env.put("NYT_HTTP_PORT", "0");
        env.put("NYT_JWT_SECRET", TestTokens.SECRET);
        fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-fanout-processor"));
        api = new QueryApi(QueryApiConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-query-api")).start();
        nyt = Nyt.create(TestKafka.producerConfig(), Topics.withPrefix(prefix));
        await("fan-out running").atMost(Duration.ofSeconds(60)).until(fanout::ready);
    }

    @AfterAll
    static void stop() {
        nyt.close();
        api.close();
        fanout.close();
        db.close();
    }

    @Test
    void aStateChangeInOneTabReachesTheOtherTabLiveWithTheCountsAndNoOtherUser() throws Exception {
        // Given alice and bob with three notifications each of inbox/e2e
        for (String user : List.of("tabs-alice", "tabs-bob")) {
            nyt.subscribe(user, "inbox/e2e").join();
        }
        await("both subscribed").atMost(Duration.ofSeconds(60)).until(() ->
                get("/api/v1/subscriptions", "tabs-alice").contains("inbox/e2e")
                        && get("/api/v1/subscriptions", "tabs-bob").contains("inbox/e2e"));
        for (int i = 1; i <= 3; i++) {
            nyt.notify(Notify.of("news " + i, "inbox/e2e")).join();
        }
        String three = "{\"success\":true,\"unread\":3,\"unseen\":3}";
        await("three each").atMost(Duration.ofSeconds(60)).until(() ->
                get("/api/v1/notifications/counts", "tabs-alice").equals(three)
                        && get("/api/v1/notifications/counts", "tabs-bob").equals(three));

        try (Tab second = Tab.open("tabs-alice"); Tab bobs = Tab.open("tabs-bob")) {
            await("the tabs started").atMost(Duration.ofSeconds(20))
                    .until(() -> second.lastCounts().equals("{\"type\":\"counts\",\"unread\":3,\"unseen\":3}")
                            && bobs.lastCounts().equals("{\"type\":\"counts\",\"unread\":3,\"unseen\":3}"));

            // When alice opens the bell in her first tab
            assertThat(post("/api/v1/notifications/mark-seen", "tabs-alice", "")).contains("\"success\":true");
            // Then her second tab gets the confirmation and the badge clears, while everything stays unread
            await("seen in the other tab").atMost(Duration.ofSeconds(60))
                    .until(() -> second.types().contains("notificationsSeen")
                            && second.lastCounts().equals("{\"type\":\"counts\",\"unread\":3,\"unseen\":0}"));

            // When she marks all read by glob, then archives all read
            post("/api/v1/notifications/mark-all-read", "tabs-alice", "{\"keyGlob\":\"inbox/*\"}");
            post("/api/v1/notifications/archive", "tabs-alice", "{\"onlyRead\":true}");
            await("read and archived in the other tab").atMost(Duration.ofSeconds(60))
                    .until(() -> second.types().containsAll(List.of("notificationsViewed", "notificationsArchived"))
                            && second.lastCounts().equals("{\"type\":\"counts\",\"unread\":0,\"unseen\":0}"));
            assertThat(get("/api/v1/notifications?state=archived", "tabs-alice")).contains("\"total_count\":3");

            // And bob's tab and counts never moved
            assertThat(bobs.types()).doesNotContain("notificationsSeen", "notificationsViewed", "notificationsArchived");
            assertThat(bobs.lines).noneMatch(line -> line.contains("tabs-alice"));
            assertThat(get("/api/v1/notifications/counts", "tabs-bob")).isEqualTo(three);
            assertThat(get("/api/v1/notifications?state=all", "tabs-bob")).contains("\"total_count\":3");
        }
    }

    /** One browser tab's SSE stream: its lines, as they come. */
    private static final class Tab implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final InputStream body;

        private Tab(InputStream body) {
            this.body = body;
            Thread.ofVirtual().start(this::read);
        }

        static Tab open(String user) throws Exception {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + api.port() + "/api/v1/stream?access_token=" + TestTokens.token(user)))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new Tab(response.body());
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // closed
            }
        }

        List<String> types() {
            return lines.stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring("event: ".length())).toList();
        }

        String lastCounts() {
            return lines.stream().filter(l -> l.startsWith("data: {\"type\":\"counts\"")).reduce((a, b) -> b)
                    .map(l -> l.substring("data: ".length())).orElse("");
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private static String get(String path, String user) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path)).GET(), user);
    }

    private static String post(String path, String user, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), user);
    }

    private static String send(HttpRequest.Builder request, String user) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + TestTokens.token(user))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s as %s: %s", request.build().uri(), user, response.body()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

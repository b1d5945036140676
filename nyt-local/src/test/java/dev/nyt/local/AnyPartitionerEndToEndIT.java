package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.WrongPartitioner;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's repro end to end: every input published with a partitioner that is never murmur2's,
 * read back through the HTTP API (JWT) from PostgreSQL, as two users who see only their own.
 */
class AnyPartitionerEndToEndIT {


    private static TestDatabase db;
    private static FanoutService fanout;
    private static QueryApi api;
    private static Nyt wrong;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        String prefix = TestKafka.uniqueName("e2e-anyp") + "-";
        Map<String, String> env = new HashMap<>();
        env.put("NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers());
        env.put("NYT_TOPIC_PREFIX", prefix);
        env.put("NYT_TOPIC_PARTITIONS", "3");
        env.put("NYT_STATE_DIR", Files.createTempDirectory("nyt-e2e-anyp").toString());
        env.put("NYT_DB_URL", db.jdbcUrl());
        env.put("NYT_DB_USER", db.user());
        env.put("NYT_DB_PASSWORD", db.password());
        env.put("NYT_HTTP_PORT", "0");
        env.put("NYT_JWT_SECRET", TestTokens.SECRET);
        fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-fanout-processor"));
        api = new QueryApi(QueryApiConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-query-api")).start();
        wrong = Nyt.create(WrongPartitioner.config(TestKafka.producerConfig()), Topics.withPrefix(prefix));
        await("fan-out running").atMost(Duration.ofSeconds(60)).until(fanout::ready);
    }

    @AfterAll
    static void stop() {
        wrong.close();
        api.close();
        fanout.close();
        db.close();
    }

    @Test
    void everyNotificationOnceInTheApiWhateverThePartitionerAndEachUserSeesOnlyTheirs() {
        for (String user : List.of("e2e-alice", "e2e-bob")) {
            wrong.upsertUser(new User(user, user + "@example.com", user, true)).join();
            wrong.subscribe(user, "e2e/shared").join();
        }
        wrong.subscribe("e2e-alice", "e2e/alice-only").join();
        await("both subscribed in the read model").atMost(Duration.ofSeconds(60)).until(() ->
                get("/api/v1/subscriptions", "e2e-alice").contains("e2e/alice-only")
                        && get("/api/v1/subscriptions", "e2e-bob").contains("e2e/shared"));
        assertThat(get("/api/v1/subscriptions", "e2e-bob")).doesNotContain("e2e/alice-only");

        for (int i = 0; i < 10; i++) {
            wrong.notify(Notify.of("shared " + i, "e2e/shared")).join();
        }
        wrong.notify(Notify.of("for alice", "e2e/alice-only")).join();

        await("alice's 11 and bob's 10 in the API").atMost(Duration.ofSeconds(60)).until(() ->
                ApiCaller.totalCount(get("/api/v1/notifications", "e2e-alice")) == 11
                        && ApiCaller.totalCount(get("/api/v1/notifications", "e2e-bob")) == 10);
        String bobs = get("/api/v1/notifications?limit=100", "e2e-bob");
        assertThat(bobs).doesNotContain("for alice");
        assertThat(Pattern.compile("\"message\":\"shared \\d\"").matcher(bobs).results().count()).isEqualTo(10);

        // mark read on the wrong partition too: alice's unread list empties, bob's stays
        long aliceLatest = ApiCaller.maxId(get("/api/v1/notifications?limit=100", "e2e-alice"));
        wrong.markRead(MarkViewed.upTo("e2e-alice", aliceLatest)).join();
        await("alice has nothing unread").atMost(Duration.ofSeconds(60))
                .until(() -> ApiCaller.totalCount(get("/api/v1/notifications", "e2e-alice")) == 0);
        assertThat(ApiCaller.totalCount(get("/api/v1/notifications", "e2e-bob"))).isEqualTo(10);
    }

    private static String get(String path, String user) {
        return new ApiCaller(api::port, TestTokens.SECRET).get(path, user);
    }
}

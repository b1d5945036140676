package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.api.push.SseStream;
import dev.nyt.api.push.WsStream;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Target;
import dev.nyt.events.User;
import dev.nyt.events.json.Json;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.runtime.Env;
import dev.nyt.testing.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 through the real API, broker, PostgreSQL and fan-out registry: the two repros, and the sweep in
 * which user B acts on user A's ids on every route and with every command type and changes nothing of A's
 * and learns nothing (404 where the route names an id).
 */
class IsolationIT {

    private static final Duration DECIDED = Duration.ofSeconds(60);
    private static final SimpleMeterRegistry FANOUT_METERS = new SimpleMeterRegistry();
    private static QueryApiFixture nyt;
    private static FanoutService fanout;

    @BeforeAll
    static void start() throws Exception {
        nyt = QueryApiFixture.start();
        Map<String, String> env = new HashMap<>(nyt.env);
        env.put("NYT_STATE_DIR", Files.createTempDirectory("nyt-isolation-it").toString());
        fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env)), FANOUT_METERS);
    }

    @AfterAll
    static void stop() {
        if (fanout != null) {
            fanout.close();
        }
        nyt.close();
    }

    private static String user(String name) {
        return TestKafka.uniqueName(name);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }

    /** Sends a write, asserts the 202, answers its commandId. */
    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String commandId = json(response).path("commandId").asString();
        assertThat(commandId).isNotBlank();
        return commandId;
    }

    /** The final outcome of one of the caller's commands, once the registry decided and the API projected it. */
    private static JsonNode decided(String user, String commandId) {
        JsonNode[] outcome = new JsonNode[1];
        await("the outcome of " + commandId).atMost(DECIDED).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> response = nyt.get("/api/v1/commands/" + commandId, user);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            outcome[0] = json(response);
            return outcome[0].path("final").asBoolean();
        });
        return outcome[0];
    }

    private static void acceptedAndDecided(String user, HttpResponse<String> response) {
        JsonNode outcome = decided(user, accepted(response));
        assertThat(outcome.path("status").asString()).as(outcome.toString()).isEqualTo("accepted");
    }

    private static String settings(String user) {
        return json(nyt.get("/api/v1/settings", user)).get("objects").toString();
    }

    private static JsonNode settingsList(String user) {
        return json(nyt.get("/api/v1/settings", user)).get("objects");
    }

    private static void awaitSettings(String user, String why, java.util.function.Predicate<JsonNode> done) {
        await(why).atMost(DECIDED).pollInterval(Duration.ofMillis(100)).until(() -> done.test(settingsList(user)));
    }

    private static boolean has(JsonNode list, String settingsId, int interval, boolean isDefault) {
        for (JsonNode s : list) {
            if (s.get("settingsId").asString().equals(settingsId) && s.get("interval").asInt() == interval
                    && s.get("isDefault").asBoolean() == isDefault) {
                return true;
            }
        }
        return false;
    }

    @Test
    void reproOneTheSameSettingsIdOfASecondUserLeavesTheFirstUsersSettings() {
        String uu1 = user("uu1");
        String vv1 = user("vv1");

        acceptedAndDecided(uu1, nyt.put("/api/v1/settings/dd1", uu1, "{\"interval\":1380,\"isDefault\":true}"));
        awaitSettings(uu1, "uu1's dd1", list -> has(list, "dd1", 1380, true));
        acceptedAndDecided(vv1, nyt.put("/api/v1/settings/dd1", vv1, "{\"interval\":0,\"isDefault\":true}"));
        awaitSettings(vv1, "vv1's dd1", list -> has(list, "dd1", 0, true));

        JsonNode mine = settingsList(uu1);
        assertThat(mine).hasSize(1);
        assertThat(has(mine, "dd1", 1380, true)).as(mine.toString()).isTrue();
        assertThat(settingsList(vv1)).hasSize(1);
    }

    @Test
    void reproTwoAFirstSettingsThatIsNotTheDefaultIsAcceptedWithADefaultOnDemand() {
        String newcomer = user("new");

        HttpResponse<String> put = nyt.put("/api/v1/settings/w1", newcomer, "{\"interval\":9660,\"isDefault\":false}");

        JsonNode outcome = decided(newcomer, accepted(put));
        assertThat(outcome.path("status").asString()).isEqualTo("accepted");
        assertThat(outcome.path("type").asString()).isEqualTo("upsertSettings");
        awaitSettings(newcomer, "w1 and a default", list -> list.size() == 2 && has(list, "w1", 9660, false));
        assertThat(settingsList(newcomer)).filteredOn(s -> s.get("isDefault").asBoolean()).hasSize(1);
    }

    @Test
    void aCommandTheRegistryRefusesIsAnsweredRefusedNamingTheFieldAndCounted() {
        String alice = user("refused");

        HttpResponse<String> subscribe = nyt.post("/api/v1/subscriptions", alice,
                "{\"key\":\"k\",\"settingsId\":\"not-mine\"}");

        JsonNode outcome = decided(alice, accepted(subscribe));
        assertThat(outcome.path("status").asString()).isEqualTo("refused");
        assertThat(outcome.path("field").asString()).isEqualTo("settingsId");
        assertThat(outcome.path("reason").asString()).contains("not-mine");
        assertThat(FANOUT_METERS.get("nyt.commands.refused").tag("reason", "settingsId").counter().count()).isPositive();
        assertThat(nyt.get("/api/v1/commands/no-such-command", alice).statusCode()).isEqualTo(404);
    }

    /** The user subscribes to {@code key} for comments.comment 42 under their settings "w1"; answers the command id. */
    private static String subscribedUnderW1(String user, String key, boolean sendEmails) {
        String commandId = accepted(nyt.post("/api/v1/subscriptions", user, "{\"key\":\"" + key + "\",\"target\":"
                + "{\"contentType\":\"comments.comment\",\"objectId\":\"42\"},\"settingsId\":\"w1\",\"sendEmails\":"
                + sendEmails + "}"));
        assertThat(decided(user, commandId).path("status").asString()).isEqualTo("accepted");
        return commandId;
    }

    /** Everything A can read of their own, to compare before and after B's attempts ("since" is the clock's). */
    private static List<String> everythingOf(String a) {
        JsonNode notifications = json(nyt.get("/api/v1/notifications?viewed=all", a));
        notifications.get("objects").forEach(n -> ((tools.jackson.databind.node.ObjectNode) n).remove("since"));
        return List.of(
                notifications.toString(),
                json(nyt.get("/api/v1/subscriptions", a)).toString(),
                settings(a));
    }

    @Test
    void userBActingOnUserAsIdsChangesNothingOfAsAndLearnsNothing() throws Exception {
        // Given: A with settings "shared" (default) and "w1", subscribed under w1, one notification
        String a = user("a");
        String b = user("b");
        nyt.publish(nyt.topics.users(), a, new User(a, a + "@example.com", "A", true));
        nyt.publish(nyt.topics.users(), b, new User(b, b + "@example.com", "B", true));
        acceptedAndDecided(a, nyt.put("/api/v1/settings/shared", a, "{\"interval\":1380,\"isDefault\":true}"));
        acceptedAndDecided(a, nyt.put("/api/v1/settings/w1", a, "{\"interval\":9660,\"isDefault\":false}"));
        String aSubscribed = subscribedUnderW1(a, "iso/" + a, true);
        nyt.publish(nyt.topics.notifyRequested(), "iso/" + a, new NotifyRequested(null, "iso/" + a, "for A only",
                "/a", Target.of("comments.comment", "42"), null, null, null));
        await("A's notification").atMost(DECIDED).until(() ->
                json(nyt.get("/api/v1/notifications?viewed=all", a)).get("total_count").asInt() == 1);
        long aNotification = json(nyt.get("/api/v1/notifications?viewed=all", a)).get("objects").get(0).get("pk").asLong();
        awaitSettings(a, "A's settings", list -> list.size() == 2);
        List<String> before = everythingOf(a);

        // When: B names A's ids on every route
        assertThat(nyt.get("/api/v1/notifications/" + aNotification + "/goto", b).statusCode()).isEqualTo(404);
        assertThat(nyt.get("/nyt/goto/" + aNotification + "/", b).statusCode()).isEqualTo(404);
        assertThat(nyt.get("/api/v1/commands/" + aSubscribed, b).statusCode()).isEqualTo(404);
        HttpResponse<String> markRead = nyt.post("/api/v1/notifications/mark-read", b, "{\"idLte\":" + aNotification + "}");
        assertThat(markRead.statusCode()).isEqualTo(200);
        assertThat(nyt.get("/nyt/json/mark-read/" + aNotification + "/", b).statusCode()).isEqualTo(200);
        assertThat(nyt.get("/nyt/json/mark-read/" + aNotification + "/1/", b).statusCode()).isEqualTo(200);
        JsonNode bList = json(nyt.get("/api/v1/notifications?viewed=all&after=0", b));
        assertThat(bList.get("total_count").asInt()).isZero();
        assertThat(json(nyt.get("/nyt/json/get/", b)).get("objects")).isEmpty();
        assertThat(json(nyt.get("/nyt/json/get/" + (aNotification - 1) + "/", b)).get("objects")).isEmpty();
        try (SseStream stream = SseStream.open(nyt, b, Long.toString(aNotification - 1))) {
            await("B's stream catches up").atMost(Duration.ofSeconds(20)).until(() -> !stream.events.isEmpty());
            assertThat(stream.events).extracting(SseStream.Event::data).noneMatch(data -> data.contains("for A only"));
            assertThat(stream.events.getFirst().data()).contains("\"count\":0");
        }
        try (WsStream socket = WsStream.open(nyt, b, aNotification - 1)) {
            await("B's socket catches up").atMost(Duration.ofSeconds(20)).until(() -> !socket.messages().isEmpty());
            assertThat(socket.messages()).extracting(JsonNode::toString).noneMatch(frame -> frame.contains("for A only"));
            assertThat(socket.messages().getFirst().path("count").asInt()).isZero();
        }

        // ... and sends every command type with A's ids
        acceptedAndDecided(b, nyt.put("/api/v1/settings/shared", b, "{\"interval\":0,\"isDefault\":true}"));
        acceptedAndDecided(b, nyt.put("/api/v1/settings/w1", b, "{\"interval\":0,\"isDefault\":false}"));
        subscribedUnderW1(b, "iso/" + a, false);
        await("B's own subscription").atMost(DECIDED).until(() ->
                json(nyt.get("/api/v1/subscriptions", b)).get("objects").size() == 1);
        acceptedAndDecided(b, nyt.delete("/api/v1/subscriptions?key=iso/" + a
                + "&contentType=comments.comment&objectId=42&settingsId=w1", b));
        await("B's own subscription gone").atMost(DECIDED).until(() ->
                json(nyt.get("/api/v1/subscriptions", b)).get("objects").isEmpty());
        awaitSettings(b, "B's own shared and w1", list -> has(list, "shared", 0, true) && has(list, "w1", 0, false));
        // a settingsId only A has is not B's: refused for B
        JsonNode notB = decided(b, accepted(nyt.post("/api/v1/subscriptions", b, "{\"key\":\"k\",\"settingsId\":\"only-a\"}")));
        assertThat(notB.path("status").asString()).isEqualTo("refused");

        // and B is deleted by the host application: their settings of A's ids go, A's stay
        nyt.publish(nyt.topics.users(), b, null);
        awaitSettings(b, "B's settings gone with B", JsonNode::isEmpty);

        // Then: A's notifications, subscriptions and settings are what they were
        assertThat(everythingOf(a)).isEqualTo(before);
        assertThat(json(nyt.get("/api/v1/notifications?viewed=false", a)).get("total_count").asInt()).isEqualTo(1);
        assertThat(has(settingsList(a), "shared", 1380, true)).isTrue();
        assertThat(has(settingsList(a), "w1", 9660, false)).isTrue();
    }
}

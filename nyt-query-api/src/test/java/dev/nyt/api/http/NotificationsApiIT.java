package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Subscription;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.Target;
import dev.nyt.events.Unsubscribe;
import dev.nyt.events.UpsertSettings;
import dev.nyt.events.json.Json;
import dev.nyt.events.topic.SettingsKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** django-nyt's views over HTTP, against the real PostgreSQL and broker: list, mark-read, goto, their URLs, IDOR and errors. */
class NotificationsApiIT {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static QueryApiFixture nyt;

    @BeforeAll
    static void start() {
        nyt = QueryApiFixture.start();
    }

    @AfterAll
    static void stop() {
        nyt.close();
    }

    /** A user no other test uses. */
    private static String newUser() {
        return "user-" + USERS.incrementAndGet();
    }

    /** Given notifications 1..n for the user, projected. */
    private static void given(String user, int n) {
        for (int id = 1; id <= n; id++) {
            nyt.notify(user, id, id % 2 == 0 ? "comment/even" : "comment/odd", "/comments/" + id);
        }
        nyt.awaitRow(user, n);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }

    private static List<Long> pks(JsonNode body) {
        List<Long> pks = new ArrayList<>();
        body.get("objects").forEach(o -> pks.add(o.get("pk").asLong()));
        return pks;
    }

    @Test
    void listsUnviewedNotificationsNewestFirstInDjangoNytsShape() {
        String alice = newUser();
        nyt.publish(nyt.topics.notifications(), alice,
                QueryApiFixture.created(alice, 1, "comment/response", "there was a response", "/comments/42", 180));
        nyt.notify(alice, 2, "comment/response", null);
        nyt.awaitRow(alice, 2);

        HttpResponse<String> response = nyt.get("/api/v1/notifications", alice);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("total_count").asInt()).isEqualTo(2);
        assertThat(pks(body)).containsExactly(2L, 1L);
        JsonNode oldest = body.get("objects").get(1);
        assertThat(oldest.get("message").asString()).isEqualTo("there was a response");
        assertThat(oldest.get("url").asString()).isEqualTo("/comments/42");
        assertThat(oldest.get("occurrences").asInt()).isEqualTo(1);
        assertThat(oldest.get("occurrences_msg").asString()).isEqualTo("1 times");
        assertThat(oldest.get("type").asString()).isEqualTo("comment/response");
        assertThat(oldest.has("type_label")).isTrue();
        assertThat(oldest.get("since").asString()).isEqualTo("3 minutes ago");
        assertThat(oldest.get("target").get("contentType").asString()).isEqualTo("comments.comment");
        assertThat(Instant.parse(oldest.get("created").asString())).isBefore(Instant.now());
        assertThat(body.get("objects").get(0).get("url").isNull()).isTrue();
    }

    @Test
    void answersTheListInTheContractsExactBytes() {
        String user = newUser();
        NotificationCreated event = QueryApiFixture.created(user, 7, "comment/response", "a \"quoted\" message\twith a tab",
                "/comments/7", 180);
        nyt.publish(nyt.topics.notifications(), user, event);
        nyt.awaitRow(user, 7);

        HttpResponse<String> response = nyt.get("/api/v1/notifications", user);

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        // as stored: PostgreSQL keeps microseconds (rounded)
        String created = nyt.row(user, 7).orElseThrow().created().toString();
        assertThat(response.body()).isEqualTo("{\"success\":true,\"total_count\":1,\"objects\":[{\"pk\":7,"
                + "\"message\":\"a \\\"quoted\\\" message\\twith a tab\",\"url\":\"/comments/7\","
                + "\"target\":{\"contentType\":\"comments.comment\",\"objectId\":\"7\"},\"occurrences\":1,"
                + "\"occurrences_msg\":\"1 times\",\"type\":\"comment/response\",\"type_label\":null,"
                + "\"since\":\"3 minutes ago\",\"created\":\"" + created + "\",\"is_viewed\":false,"
                + "\"is_seen\":false,\"is_archived\":false}]}");
    }

    @Test
    void countsTotalBeforeTheAfterCutAndReturnsOnlyNewerIds() {
        String user = newUser();
        given(user, 5);

        JsonNode body = json(nyt.get("/api/v1/notifications?after=3", user));

        assertThat(body.get("total_count").asInt()).isEqualTo(5);
        assertThat(pks(body)).containsExactly(5L, 4L);
    }

    @Test
    void limitsToTenByDefaultAndToTheAskedNumber() {
        String user = newUser();
        given(user, 12);

        assertThat(pks(json(nyt.get("/api/v1/notifications", user)))).hasSize(10).startsWith(12L);
        assertThat(pks(json(nyt.get("/api/v1/notifications?limit=3", user)))).containsExactly(12L, 11L, 10L);
        assertThat(pks(json(nyt.get("/api/v1/notifications?limit=100", user)))).hasSize(12);
    }

    @Test
    void filtersOnViewedStateUnviewedByDefault() {
        String user = newUser();
        given(user, 4);
        nyt.post("/api/v1/notifications/mark-read", user, "{\"idLte\": 2}");

        assertThat(pks(json(nyt.get("/api/v1/notifications", user)))).containsExactly(4L, 3L);
        assertThat(pks(json(nyt.get("/api/v1/notifications?viewed=false", user)))).containsExactly(4L, 3L);
        assertThat(pks(json(nyt.get("/api/v1/notifications?viewed=true", user)))).containsExactly(2L, 1L);
        assertThat(pks(json(nyt.get("/api/v1/notifications?viewed=all", user)))).containsExactly(4L, 3L, 2L, 1L);
        assertThat(json(nyt.get("/api/v1/notifications?viewed=true", user)).get("total_count").asInt()).isEqualTo(2);
    }

    @Test
    void marksReadByRangeAndKeyAtOnceAndPublishesMarkViewed() {
        String user = newUser();
        given(user, 6);

        HttpResponse<String> range = nyt.post("/api/v1/notifications/mark-read", user, "{\"idLte\": 4, \"idGte\": 3}");
        HttpResponse<String> byKey = nyt.post("/api/v1/notifications/mark-read", user,
                "{\"idLte\": 6, \"key\": \"comment/even\"}");

        assertThat(range.statusCode()).isEqualTo(200);
        assertThat(json(range).get("success").asBoolean()).isTrue();
        assertThat(byKey.statusCode()).isEqualTo(200);
        // read-your-writes: 3, 4 by range; 2, 4, 6 by key
        assertThat(pks(json(nyt.get("/api/v1/notifications", user)))).containsExactly(5L, 1L);
        List<MarkViewed> published = markViewedOf(user, 2);
        assertThat(published).extracting(MarkViewed::idLte, MarkViewed::idGte, MarkViewed::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, 3L, null),
                        org.assertj.core.groups.Tuple.tuple(6L, null, "comment/even"));
    }

    private static List<MarkViewed> markViewedOf(String user, int count) {
        return nyt.awaitStatusCommands(user, count).stream().map(MarkViewed.class::cast).toList();
    }

    @Test
    void servesDjangoNytsOwnUrlsWithTheSameSemantics() {
        String user = newUser();
        given(user, 5);

        JsonNode all = json(nyt.get("/nyt/json/get/", user));
        JsonNode newer = json(nyt.get("/nyt/json/get/3/", user));
        HttpResponse<String> markRange = nyt.get("/nyt/json/mark-read/4/2/", user);
        HttpResponse<String> markUpTo = nyt.post("/nyt/json/mark-read/1/", user, "");

        assertThat(pks(all)).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(newer.get("total_count").asInt()).isEqualTo(5);
        assertThat(pks(newer)).containsExactly(5L, 4L);
        assertThat(json(markRange).get("success").asBoolean()).isTrue();
        assertThat(markUpTo.statusCode()).isEqualTo(200);
        assertThat(pks(json(nyt.get("/nyt/json/get/", user)))).containsExactly(5L);
    }

    @Test
    void gotoMarksViewedAndRedirectsToTheUrl() {
        String user = newUser();
        given(user, 2);

        HttpResponse<String> api = nyt.get("/api/v1/notifications/2/goto", user);
        HttpResponse<String> django = nyt.get("/nyt/goto/1/", user);

        assertThat(api.statusCode()).isEqualTo(302);
        assertThat(api.headers().firstValue("Location")).hasValue("/comments/2");
        assertThat(django.statusCode()).isEqualTo(302);
        assertThat(django.headers().firstValue("Location")).hasValue("/comments/1");
        assertThat(nyt.row(user, 2).orElseThrow().isViewed()).isTrue();
        assertThat(nyt.row(user, 1).orElseThrow().isViewed()).isTrue();
    }

    @Test
    void gotoWithoutUrlRedirectsToTheRefererElseToTheRoot() {
        String user = newUser();
        nyt.notify(user, 1, "comment/new", null);
        nyt.awaitRow(user, 1);

        HttpResponse<String> withReferer = nyt.send(nyt.request("/nyt/goto/1/", user)
                .header("Referer", "https://example.com/inbox").GET().build());
        HttpResponse<String> without = nyt.get("/api/v1/notifications/1/goto", user);
        HttpResponse<String> noId = nyt.send(nyt.request("/nyt/goto/", user)
                .header("Referer", "https://example.com/back").GET().build());

        assertThat(withReferer.headers().firstValue("Location")).hasValue("https://example.com/inbox");
        assertThat(without.headers().firstValue("Location")).hasValue("/");
        assertThat(noId.statusCode()).isEqualTo(302);
        assertThat(noId.headers().firstValue("Location")).hasValue("https://example.com/back");
    }

    @Test
    void anotherUsersNotificationIsNotFoundOnEveryRoute() {
        String alice = newUser();
        String mallory = newUser();
        given(alice, 3);

        assertThat(nyt.get("/api/v1/notifications/2/goto", mallory).statusCode()).isEqualTo(404);
        assertThat(json(nyt.get("/nyt/goto/2/", mallory)).get("error").asString()).isEqualTo("not found");
        assertThat(nyt.get("/nyt/goto/2/", mallory).statusCode()).isEqualTo(404);
        assertThat(json(nyt.get("/api/v1/notifications?viewed=all", mallory)).get("total_count").asInt()).isZero();
        assertThat(json(nyt.get("/nyt/json/get/", mallory)).get("objects")).isEmpty();
        nyt.post("/api/v1/notifications/mark-read", mallory, "{\"idLte\": 3}");
        nyt.get("/nyt/json/mark-read/3/", mallory);
        assertThat(json(nyt.get("/api/v1/subscriptions", mallory)).get("objects")).isEmpty();

        assertThat(pks(json(nyt.get("/api/v1/notifications", alice)))).containsExactly(3L, 2L, 1L);
    }

    @Test
    void refusesCallersWithoutAValidTokenWith401() {
        String expired = QueryApiFixture.token("alice", Instant.now().minus(Duration.ofHours(1)), QueryApiFixture.SECRET);
        String forged = QueryApiFixture.token("alice", Instant.now().plus(Duration.ofHours(1)),
                "another-secret-that-is-at-least-32-bytes");

        List<HttpResponse<String>> refused = List.of(
                nyt.get("/api/v1/notifications", null),
                nyt.send(nyt.request("/api/v1/notifications", null).header("Authorization", "Bearer " + expired).build()),
                nyt.send(nyt.request("/api/v1/notifications", null).header("Authorization", "Bearer " + forged).build()),
                nyt.send(nyt.request("/nyt/json/get/", null).header("Authorization", "Bearer not-a-jwt").build()),
                nyt.send(nyt.request("/nyt/json/get/", null).header("X-Nyt-User", "alice").build()),
                nyt.send(nyt.request("/api/v1/notifications/mark-read", null)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"idLte\": 1}")).build()));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("success").asBoolean()).isFalse();
            assertThat(json(response).get("error").asString()).isEqualTo("not logged in");
        });
    }

    @Test
    void refusesBadInputWith400NamingTheField() {
        String user = newUser();

        assertThat(field(nyt.get("/api/v1/notifications?viewed=maybe", user))).isEqualTo("viewed");
        assertThat(field(nyt.get("/api/v1/notifications?after=-1", user))).isEqualTo("after");
        assertThat(field(nyt.get("/api/v1/notifications?after=abc", user))).isEqualTo("after");
        assertThat(field(nyt.get("/api/v1/notifications?limit=101", user))).isEqualTo("limit");
        assertThat(field(nyt.get("/api/v1/notifications?limit=0", user))).isEqualTo("limit");
        assertThat(field(nyt.get("/api/v1/notifications/-5/goto", user))).isEqualTo("id");
        assertThat(field(nyt.post("/api/v1/notifications/mark-read", user, "{\"idLte\": -1}"))).isEqualTo("idLte");
        assertThat(field(nyt.post("/api/v1/notifications/mark-read", user, "{\"idLte\": \"12\"}"))).isEqualTo("idLte");
        assertThat(field(nyt.post("/api/v1/notifications/mark-read", user, "{}"))).isEqualTo("idLte");
        assertThat(field(nyt.post("/api/v1/notifications/mark-read", user, "{\"idLte\": 1, \"idGt\": 1}"))).isEqualTo("idGt");
        assertThat(field(nyt.post("/api/v1/notifications/mark-read", user, ""))).isEqualTo("body");
        assertThat(field(nyt.post("/api/v1/subscriptions", user, "{\"key\": \"a\", \"userId\": \"bob\"}"))).isEqualTo("userId");
        assertThat(field(nyt.post("/api/v1/subscriptions", user, "{\"sendEmails\": true}"))).isEqualTo("key");
        assertThat(field(nyt.post("/api/v1/subscriptions", user, "{\"key\": \"a\", \"target\": {\"objectId\": \"1\"}}")))
                .isEqualTo("target.contentType");
        assertThat(field(nyt.put("/api/v1/settings/s-1", user, "{\"interval\": 5}"))).isEqualTo("interval");
        assertThat(field(nyt.delete("/api/v1/subscriptions", user))).isEqualTo("key");
    }

    @Test
    void publishesSubscriptionAndSettingsCommandsForTheCallerAnd202() {
        String user = newUser();

        HttpResponse<String> subscribe = nyt.post("/api/v1/subscriptions", user,
                "{\"key\": \"comment/response\", \"target\": {\"contentType\": \"comments.comment\", \"objectId\": \"42\"}}");
        HttpResponse<String> unsubscribe = nyt.delete("/api/v1/subscriptions?key=article/edit&contentType=wiki.article", user);
        HttpResponse<String> settings = nyt.put("/api/v1/settings/s-daily", user, "{\"interval\": 1380, \"isDefault\": true}");

        assertThat(List.of(subscribe, unsubscribe, settings)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(202));
        assertThat(json(subscribe).get("type").asString()).isEqualTo("subscribe");
        assertThat(json(subscribe).get("userId").asString()).isEqualTo(user);
        assertThat(json(subscribe).get("sendEmails").asBoolean()).isTrue();
        List<SubscriptionCommand> published = new ArrayList<>();
        await("the commands on nyt-subscription-requests").atMost(Duration.ofSeconds(20)).until(() -> {
            published.clear();
            for (ConsumerRecord<byte[], byte[]> record : dev.nyt.testing.TestKafka.consume(
                    nyt.topics.subscriptionRequests().name(), Integer.MAX_VALUE, Duration.ofMillis(500))) {
                if (new String(record.key(), java.nio.charset.StandardCharsets.UTF_8).equals(user)) {
                    published.add(nyt.topics.subscriptionRequests().valueSerde().deserializer()
                            .deserialize(record.topic(), record.value()));
                }
            }
            return published.size() >= 3;
        });
        assertThat(published).containsExactly(
                new Subscribe(user, "comment/response", new Target("comments.comment", "42"), null, true),
                new Unsubscribe(user, "article/edit", new Target("wiki.article", null), null),
                new UpsertSettings(user, "s-daily", 1380, true));
    }

    @Test
    void listsTheCallersSubscriptionsAndSettingsFromTheReadModel() {
        String user = newUser();
        Instant created = Instant.parse("2026-11-20T09:00:00Z");
        nyt.publish(nyt.topics.settings(), new SettingsKey(user, "s-" + user).encode(), new Settings("s-" + user, user, 1380, true, created));
        nyt.publish(nyt.topics.subscriptions(), "sub-" + user, new Subscription("sub-" + user, user, "s-" + user,
                "comment/response", new Target("comments.comment", "42"), true, created));
        nyt.publish(nyt.topics.notifications(), user, new NotificationCreated(9, user, "sub-" + user, "s-" + user,
                "comment/response", "m", null, null, 1, false, false, created, created, "e"));
        nyt.awaitRow(user, 9);

        await("subscription listed").atMost(Duration.ofSeconds(20))
                .until(() -> json(nyt.get("/api/v1/subscriptions", user)).get("objects").size() == 1);
        JsonNode subscription = json(nyt.get("/api/v1/subscriptions", user)).get("objects").get(0);
        JsonNode setting = json(nyt.get("/api/v1/settings", user)).get("objects").get(0);

        assertThat(subscription.get("subscriptionId").asString()).isEqualTo("sub-" + user);
        assertThat(subscription.get("key").asString()).isEqualTo("comment/response");
        assertThat(subscription.get("target").get("objectId").asString()).isEqualTo("42");
        assertThat(subscription.get("latest").asLong()).isEqualTo(9);
        assertThat(setting.get("settingsId").asString()).isEqualTo("s-" + user);
        assertThat(setting.get("interval").asInt()).isEqualTo(1380);
        assertThat(setting.get("intervalLabel").asString()).isEqualTo("daily");
        assertThat(setting.get("isDefault").asBoolean()).isTrue();
    }

    @Test
    void servesHealthAndMetricsWithoutAToken() {
        String user = newUser();
        given(user, 1);
        nyt.get("/api/v1/notifications", user);

        await("ready").atMost(Duration.ofSeconds(20)).until(() -> nyt.get("/health/ready", null).statusCode() == 200);
        JsonNode ready = json(nyt.get("/health/ready", null));
        String metrics = nyt.get("/metrics", null).body();

        assertThat(ready.get("checks").get("database").asString()).isEqualTo("UP");
        assertThat(ready.get("checks").get("projector").asString()).isEqualTo("UP");
        assertThat(nyt.get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(metrics).contains("nyt_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/notifications\"")
                .contains("nyt_projector_batch_size_count")
                .contains("nyt_projector_lag")
                .contains("kafka_consumer");
    }

    private static String field(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("success").asBoolean()).isFalse();
        return json(response).get("field").asString();
    }
}

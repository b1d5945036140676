package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApiFixture;
import dev.nyt.events.Archive;
import dev.nyt.events.MarkSeen;
import dev.nyt.events.MarkViewed;
import dev.nyt.events.NotificationsArchived;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.Unarchive;
import dev.nyt.events.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The inbox routes over HTTP against the real PostgreSQL and broker: badge counts, mark-seen, mark-all-read,
 * archive, unarchive, the state / key / glob filters with cursors; what they publish on nyt-notification-status;
 * two users (B never reads or changes A's states or counts); bad input answered 400 naming the field.
 */
class InboxApiIT {

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

    private static String newUser() {
        return "inbox-" + USERS.incrementAndGet();
    }

    /** Notifications 1..n of the user, odd ids of key wiki/page, even ids of comment/new, projected. */
    private static void given(String user, int n) {
        for (int id = 1; id <= n; id++) {
            nyt.notify(user, id, id % 2 == 0 ? "comment/new" : "wiki/page", null);
        }
        nyt.awaitRow(user, n);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }

    private static String counts(String user) {
        HttpResponse<String> response = nyt.get("/api/v1/notifications/counts", user);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<Long> pks(String user, String query) {
        HttpResponse<String> response = nyt.get("/api/v1/notifications?" + query, user);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Long> pks = new ArrayList<>();
        json(response).get("objects").forEach(o -> pks.add(o.get("pk").asLong()));
        return pks;
    }

    private static HttpResponse<String> post(String path, String user, String body) {
        return nyt.post("/api/v1/notifications/" + path, user, body);
    }

    @Test
    void theBadgeCountsAreTheCallersUnreadAndUnseen() {
        String alice = newUser();
        String bob = newUser();
        given(alice, 3);

        assertThat(counts(alice)).isEqualTo("{\"success\":true,\"unread\":3,\"unseen\":3}");
        assertThat(counts(bob)).isEqualTo("{\"success\":true,\"unread\":0,\"unseen\":0}");
    }

    @Test
    void markSeenClearsTheBadgeButKeepsThemUnreadAndPublishesTheCommand() {
        String alice = newUser();
        given(alice, 4);

        HttpResponse<String> seen = post("mark-seen", alice, "");

        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body()).isEqualTo("{\"success\":true,\"idLte\":4}");
        assertThat(counts(alice)).isEqualTo("{\"success\":true,\"unread\":4,\"unseen\":0}");
        assertThat(pks(alice, "state=unread")).containsExactly(4L, 3L, 2L, 1L);
        assertThat(pks(alice, "state=unseen")).isEmpty();
        assertThat(nyt.awaitStatusCommands(alice, 1).getFirst()).isInstanceOfSatisfying(MarkSeen.class, command -> {
            assertThat(command.idLte()).isEqualTo(4);
            assertThat(command.idGte()).isNull();
            assertThat(command.requestedAt()).isNotNull();
        });
    }

    @Test
    void markAllReadEndsAtTheNewestNotificationTheCallerHasAndNarrowsByGlob() {
        String alice = newUser();
        given(alice, 4);

        HttpResponse<String> comments = post("mark-all-read", alice, "{\"keyGlob\":\"comment/*\"}");
        nyt.notify(alice, 5, "comment/new", null); // arrives after the click: not marked
        nyt.awaitRow(alice, 5);

        assertThat(comments.body()).isEqualTo("{\"success\":true,\"idLte\":4}");
        assertThat(pks(alice, "state=unread")).containsExactly(5L, 3L, 1L);
        assertThat(counts(alice)).as("read implies seen").isEqualTo("{\"success\":true,\"unread\":3,\"unseen\":3}");
        assertThat(nyt.awaitStatusCommands(alice, 1).getFirst()).isInstanceOfSatisfying(MarkViewed.class, command -> {
            assertThat(command.idLte()).isEqualTo(4);
            assertThat(command.keyGlob()).isEqualTo("comment/*");
        });
        // django-nyt's list knows nothing new: viewed=false is what it always was
        assertThat(pks(alice, "viewed=false")).containsExactly(5L, 3L, 1L);
    }

    @Test
    void archiveAllReadHidesThemFromTheInboxUntilUnarchived() {
        String alice = newUser();
        given(alice, 4);
        post("mark-all-read", alice, "{\"idLte\":2}");

        HttpResponse<String> archived = post("archive", alice, "{\"onlyRead\":true}");

        assertThat(archived.statusCode()).isEqualTo(200);
        assertThat(pks(alice, "state=all")).containsExactly(4L, 3L);
        assertThat(pks(alice, "state=archived")).containsExactly(2L, 1L);
        assertThat(pks(alice, "viewed=all")).as("django-nyt's list shows every notification").containsExactly(4L, 3L, 2L, 1L);

        post("unarchive", alice, "{\"idLte\":2,\"idGte\":2}");
        assertThat(pks(alice, "state=all")).containsExactly(4L, 3L, 2L);
        assertThat(pks(alice, "state=archived")).containsExactly(1L);
        List<StatusCommand> published = nyt.awaitStatusCommands(alice, 3);
        assertThat(published.get(1)).isInstanceOfSatisfying(Archive.class, command -> assertThat(command.readOnly()).isTrue());
        assertThat(published.get(2)).isInstanceOfSatisfying(Unarchive.class, command -> {
            assertThat(command.idLte()).isEqualTo(2);
            assertThat(command.idGte()).isEqualTo(2);
        });
    }

    @Test
    void archivingAnUnreadNotificationTakesItOutOfTheBadge() {
        String alice = newUser();
        given(alice, 2);

        post("archive", alice, "{\"idLte\":2,\"idGte\":2}");

        assertThat(counts(alice)).isEqualTo("{\"success\":true,\"unread\":1,\"unseen\":1}");
        JsonNode object = json(nyt.get("/api/v1/notifications?state=archived", alice)).get("objects").get(0);
        assertThat(object.get("is_archived").asBoolean()).isTrue();
        assertThat(object.get("is_viewed").asBoolean()).isFalse();
        assertThat(object.get("is_seen").asBoolean()).isFalse();
    }

    @Test
    void listsFilterByKeyAndGlobAndPageBothWaysWithTheCountBeforeTheCursors() {
        String alice = newUser();
        given(alice, 6);

        assertThat(pks(alice, "state=all&key=comment/new")).containsExactly(6L, 4L, 2L);
        assertThat(pks(alice, "keyGlob=wiki/*")).as("state defaults to unread").containsExactly(5L, 3L, 1L);
        assertThat(pks(alice, "state=all&before=5&limit=2")).containsExactly(4L, 3L);
        assertThat(pks(alice, "state=all&before=5&after=2")).containsExactly(4L, 3L);
        JsonNode page = json(nyt.get("/api/v1/notifications?state=unread&before=3", alice));
        assertThat(page.get("total_count").asInt()).isEqualTo(6);
        assertThat(page.get("success").asBoolean()).isTrue();
    }

    @Test
    void userBNeverReadsOrChangesUserAsStatesOrCounts() {
        String alice = newUser();
        String bob = newUser();
        given(alice, 3);
        nyt.notify(bob, 10, "comment/new", null);
        nyt.awaitRow(bob, 10);

        // bob names alice's ids, keys and globs in every action
        for (String path : List.of("mark-seen", "mark-all-read", "archive", "unarchive")) {
            assertThat(post(path, bob, "{\"idLte\":3,\"idGte\":1,\"keyGlob\":\"**\"}").statusCode()).isEqualTo(200);
        }
        post("mark-read", bob, "{\"idLte\":3}");

        assertThat(counts(alice)).isEqualTo("{\"success\":true,\"unread\":3,\"unseen\":3}");
        assertThat(pks(alice, "state=unread")).containsExactly(3L, 2L, 1L);
        assertThat(pks(bob, "state=all")).containsExactly(10L);
        assertThat(pks(bob, "state=archived")).isEmpty();
        assertThat(counts(bob)).isEqualTo("{\"success\":true,\"unread\":1,\"unseen\":1}");
        assertThat(nyt.awaitStatusCommands(bob, 5)).allSatisfy(command -> assertThat(command.userId()).isEqualTo(bob));
    }

    @Test
    void aConfirmationFromAnyProducerIsProjectedAndCounted() {
        String alice = newUser();
        given(alice, 2);

        nyt.publish(nyt.topics.notifications(), alice,
                new NotificationsArchived(alice, 1, 1L, null, null, false, Instant.now()));

        await("the archive projected").atMost(Duration.ofSeconds(20))
                .until(() -> pks(alice, "state=archived").equals(List.of(1L)));
        assertThat(counts(alice)).isEqualTo("{\"success\":true,\"unread\":1,\"unseen\":1}");
    }

    @Test
    void aCallerWithNothingMarksNothingAndPublishesNothing() {
        String carol = newUser();

        HttpResponse<String> seen = post("mark-seen", carol, "{}");

        assertThat(seen.body()).isEqualTo("{\"success\":true,\"idLte\":null}");
        assertThat(counts(carol)).isEqualTo("{\"success\":true,\"unread\":0,\"unseen\":0}");
        assertThat(nyt.statusCommands(carol)).isEmpty();
    }

    @Test
    void refusesBadInputNamingTheField() {
        String alice = newUser();
        assertBad(nyt.get("/api/v1/notifications?state=unknown", alice), "state");
        assertBad(nyt.get("/api/v1/notifications?state=all&viewed=true", alice), "viewed");
        assertBad(nyt.get("/api/v1/notifications?state=all&before=-1", alice), "before");
        assertBad(nyt.get("/api/v1/notifications?keyGlob=" + "k".repeat(129), alice), "keyGlob");
        assertBad(nyt.get("/api/v1/notifications?state=all&limit=101", alice), "limit");
        assertBad(post("mark-seen", alice, "{\"idLte\":0}"), "idLte");
        assertBad(post("mark-all-read", alice, "{\"idLte\":3,\"idGte\":-2}"), "idGte");
        assertBad(post("archive", alice, "{\"onlyRead\":\"yes\"}"), "onlyRead");
        assertBad(post("unarchive", alice, "{\"onlyRead\":true}"), "onlyRead");
        assertBad(post("mark-seen", alice, "{\"idLte\":3,\"keyGlob\":\" \"}"), "keyGlob");
        assertBad(post("archive", alice, "{\"idLte\":3,\"key\":\"" + "k".repeat(129) + "\"}"), "key");
        assertBad(post("mark-seen", alice, "[1]"), "body");
        assertThat(nyt.get("/api/v1/notifications/counts", null).statusCode()).isEqualTo(401);
        assertThat(post("mark-seen", null, "{}").statusCode()).isEqualTo(401);
    }

    private static void assertBad(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("field").asString()).as(response.body()).isEqualTo(field);
    }
}

package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.nyt.api.QueryApiFixture;
import dev.nyt.events.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /openapi.json} against the server that serves it: every served route is documented and every documented
 * route served (Javalin's own route list), every documented example matches its schema, and real answers of every
 * documented operation have a documented status, match that status's schema and have the shape of its example.
 */
class OpenApiIT {

    private static final String BASE = "https://nyt.dev/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    private static QueryApiFixture nyt;
    private static JsonNode doc;
    private static SchemaRegistry schemas;

    @BeforeAll
    static void start() {
        nyt = QueryApiFixture.start();
        HttpResponse<String> served = nyt.get("/openapi.json", null);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(new String(OpenApi.document(), StandardCharsets.UTF_8));
        doc = Json.mapper().readTree(served.body());
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(iri -> iri.equals(BASE) ? served.body() : null));
    }

    @AfterAll
    static void stop() {
        nyt.close();
    }

    /** "GET /api/v1/notifications", ..., "WEBSOCKET /nyt" for the operations marked x-websocket. */
    private static Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    boolean socket = operation.getValue().path("x-websocket").asBoolean(false);
                    operations.add((socket ? "WEBSOCKET" : operation.getKey().toUpperCase(Locale.ROOT)) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    @Test
    void documentsEveryServedRouteAndServesEveryDocumentedOne() {
        assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
        assertThat(documented()).isEqualTo(new TreeSet<>(nyt.api.routes()))
                .contains("GET /api/v1/notifications/counts", "WEBSOCKET /nyt", "GET /openapi.json", "GET /health/ready");
    }

    @Test
    void everyDocumentedExampleMatchesItsSchema() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String pointer = "/paths/" + escape(path.getKey()) + "/" + operation.getKey();
                JsonNode body = operation.getValue().path("requestBody").path("content").path("application/json");
                if (body.has("example")) {
                    assertThat(errors(pointer + "/requestBody/content/application~1json/schema", body.get("example")))
                            .as("request example of %s", pointer).isEmpty();
                    checked.add(pointer + " request");
                }
                for (Map.Entry<String, JsonNode> response : operation.getValue().get("responses").properties()) {
                    String at = responsePointer(pointer + "/responses/" + response.getKey());
                    JsonNode json = node(at).path("content").path("application/json");
                    if (json.has("example")) {
                        assertThat(errors(at + "/content/application~1json/schema", json.get("example")))
                                .as("example of %s %s", pointer, response.getKey()).isEmpty();
                        checked.add(pointer + " " + response.getKey());
                    }
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(40);
        // and the schemas do refuse: a count missing, a wrong type, an unknown field
        assertThat(errors("/components/schemas/Counts", Json.mapper().readTree("{\"success\":true,\"unread\":1}"))).isNotEmpty();
        assertThat(errors("/components/schemas/Counts", Json.mapper().readTree("{\"success\":true,\"unread\":\"1\",\"unseen\":0}"))).isNotEmpty();
        assertThat(errors("/components/schemas/NotificationList",
                Json.mapper().readTree("{\"success\":true,\"total_count\":0,\"objects\":[{\"pk\":1}]}"))).isNotEmpty();
    }

    /** One request of the scenario: which documented operation it exercises. */
    private record Call(String operation, HttpRequest request) {
    }

    @Test
    void realAnswersOfEveryOperationMatchTheirDocumentedStatusSchemaAndExample() {
        String user = "openapi-alice";
        nyt.notify(user, 1, "comment/new", "/c/1");
        nyt.notify(user, 2, "comment/new", null);
        nyt.awaitRow(user, 2);
        HttpResponse<String> subscribed = nyt.post("/api/v1/subscriptions", user, "{\"key\":\"comment/new\"}");
        String commandId = Json.mapper().readTree(subscribed.body()).get("commandId").asString();

        List<Call> calls = List.of(
                call("GET /api/v1/notifications", get("/api/v1/notifications", user)),
                call("GET /api/v1/notifications", get("/api/v1/notifications?state=all&keyGlob=comment/*&before=3", user)),
                call("GET /api/v1/notifications", get("/api/v1/notifications?state=bogus", user)),
                call("GET /api/v1/notifications", get("/api/v1/notifications", null)),
                call("GET /api/v1/notifications/counts", get("/api/v1/notifications/counts", user)),
                call("POST /api/v1/notifications/mark-seen", post("/api/v1/notifications/mark-seen", user, "")),
                call("POST /api/v1/notifications/archive", post("/api/v1/notifications/archive", user, "{\"idLte\":1,\"idGte\":1}")),
                call("POST /api/v1/notifications/unarchive", post("/api/v1/notifications/unarchive", user, "{\"idLte\":1}")),
                call("POST /api/v1/notifications/mark-all-read", post("/api/v1/notifications/mark-all-read", user, "{\"keyGlob\":\"x/*\"}")),
                call("POST /api/v1/notifications/mark-read", post("/api/v1/notifications/mark-read", user, "{\"idLte\":1}")),
                call("POST /api/v1/notifications/mark-read", post("/api/v1/notifications/mark-read", user, "{\"idLte\":-1}")),
                call("GET /api/v1/notifications/{id}/goto", get("/api/v1/notifications/2/goto", user)),
                call("GET /api/v1/notifications/{id}/goto", get("/api/v1/notifications/999/goto", user)),
                call("GET /api/v1/subscriptions", get("/api/v1/subscriptions", user)),
                call("POST /api/v1/subscriptions", post("/api/v1/subscriptions", user, "{\"key\":\"wiki/page\"}")),
                call("DELETE /api/v1/subscriptions", nyt.request("/api/v1/subscriptions?key=wiki/page", user).DELETE().build()),
                call("GET /api/v1/settings", get("/api/v1/settings", user)),
                call("PUT /api/v1/settings/{id}", nyt.request("/api/v1/settings/daily", user).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"interval\":1380,\"isDefault\":true}")).build()),
                call("GET /api/v1/commands/{commandId}", get("/api/v1/commands/" + commandId, user)),
                call("GET /api/v1/commands/{commandId}", get("/api/v1/commands/not-mine", user)),
                call("GET /api/v1/stream", get("/api/v1/stream", user)),
                call("GET /nyt/json/get/", get("/nyt/json/get/", user)),
                call("GET /nyt/json/get/{latest_id}/", get("/nyt/json/get/1/", user)),
                call("GET /nyt/json/mark-read/{id_lte}/", get("/nyt/json/mark-read/1/", user)),
                call("POST /nyt/json/mark-read/{id_lte}/", post("/nyt/json/mark-read/1/", user, "")),
                call("GET /nyt/json/mark-read/{id_lte}/{id_gte}/", get("/nyt/json/mark-read/2/1/", user)),
                call("POST /nyt/json/mark-read/{id_lte}/{id_gte}/", post("/nyt/json/mark-read/2/1/", user, "")),
                call("GET /nyt/goto/{id}/", get("/nyt/goto/1/", user)),
                call("GET /nyt/goto/", get("/nyt/goto/", user)),
                call("GET /metrics", get("/metrics", null)),
                call("GET /health/live", get("/health/live", null)),
                call("GET /health/ready", get("/health/ready", null)),
                call("GET /openapi.json", get("/openapi.json", null)),
                call("GET /nyt-inbox.js", get("/nyt-inbox.js", null)),
                call("GET /inbox", get("/inbox", null)));

        Set<String> exercised = new TreeSet<>();
        for (Call call : calls) {
            HttpResponse<String> response = nyt.send(call.request());
            String status = Integer.toString(response.statusCode());
            String[] operation = call.operation().split(" ", 2);
            String pointer = "/paths/" + escape(operation[1]) + "/" + operation[0].toLowerCase(Locale.ROOT);
            JsonNode responses = node(pointer + "/responses");
            assertThat(responses.has(status)).as("%s answered %s: %s", call.operation(), status, response.body()).isTrue();
            String at = responsePointer(pointer + "/responses/" + status);
            JsonNode json = node(at).path("content").path("application/json");
            if (!json.isMissingNode()) {
                JsonNode body = Json.mapper().readTree(response.body());
                assertThat(errors(at + "/content/application~1json/schema", body)).as("%s %s: %s", call.operation(), status,
                        response.body()).isEmpty();
                if (json.has("example")) {
                    assertThat(shape(body, json.get("example"))).as("%s %s has the shape of its example", call.operation(), status)
                            .isEqualTo(shape(json.get("example"), null));
                }
            }
            exercised.add(call.operation());
        }
        Set<String> expected = new TreeSet<>(documented());
        expected.remove("WEBSOCKET /nyt"); // the upgrade is exercised by StreamIT and CorsIT
        assertThat(exercised).as("every documented operation is exercised").isEqualTo(expected);
    }

    private static Call call(String operation, HttpRequest request) {
        return new Call(operation, request);
    }

    private static HttpRequest get(String path, String user) {
        return nyt.request(path, user).GET().build();
    }

    private static HttpRequest post(String path, String user, String json) {
        return nyt.request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** The pointer of a response, or of the component a {@code $ref} names. */
    private static String responsePointer(String pointer) {
        JsonNode response = node(pointer);
        return response.has("$ref") ? response.get("$ref").asString().substring(1) : pointer;
    }

    private static JsonNode node(String pointer) {
        return doc.at(pointer);
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> errors(String schemaPointer, JsonNode value) {
        Schema schema = schemas.getSchema(SchemaLocation.of(BASE + "#" + schemaPointer));
        List<Error> errors = schema.validate(value.toString(), InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).toList();
    }

    /**
     * The field names of the JSON, recursively (arrays by their first element), without the values; an empty array of
     * the answer takes the shape of the example's (an empty page has the shape of any page).
     */
    private static String shape(JsonNode node, JsonNode like) {
        if (node.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                parts.add(field.getKey() + ":" + shape(field.getValue(), like == null ? null : like.get(field.getKey())));
            }
            parts.sort(null);
            return "{" + String.join(",", parts) + "}";
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return like != null && like.isArray() && !like.isEmpty() ? "[" + shape(like.get(0), null) + "]" : "[]";
            }
            return "[" + shape(node.get(0), like != null && like.isArray() && !like.isEmpty() ? like.get(0) : null) + "]";
        }
        return "v";
    }
}

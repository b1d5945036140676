package dev.nyt.api;

import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.nyt.api.db.NotificationRow;
import dev.nyt.api.db.ReadModel;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.Target;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A running QueryApi for integration tests: its own database, its own topics (2 partitions), a random port,
 * HS256 tokens, a producer for the topics the API projects, and an HTTP client.
 */
public final class QueryApiFixture implements AutoCloseable {

    public static final String SECRET = "a-test-secret-that-is-at-least-32-bytes";

    public final TestDatabase db;
    public final Topics topics;
    public final Map<String, String> env;
    public final KafkaProducer<String, byte[]> producer;
    public final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    public QueryApi api;

    private QueryApiFixture(TestDatabase db, Topics topics, Map<String, String> env) {
        this.db = db;
        this.topics = topics;
        this.env = env;
        this.producer = new KafkaProducer<>(TestKafka.producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    public static QueryApiFixture start() {
        return start(Map.of());
    }

    public static QueryApiFixture start(Map<String, String> extra) {
        TestDatabase db = TestDatabase.create();
        String prefix = TestKafka.uniqueName("qa") + "-";
        Map<String, String> env = new HashMap<>();
        env.put("NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers());
        env.put("NYT_TOPIC_PREFIX", prefix);
        env.put("NYT_TOPIC_PARTITIONS", "2");
        env.put("NYT_DB_URL", db.jdbcUrl());
        env.put("NYT_DB_USER", db.user());
        env.put("NYT_DB_PASSWORD", db.password());
        env.put("NYT_HTTP_PORT", "0");
        env.put("NYT_JWT_SECRET", SECRET);
        env.putAll(extra);
        QueryApiFixture fixture = new QueryApiFixture(db, Topics.withPrefix(prefix), env);
        fixture.api = new QueryApi(QueryApiConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-query-api")).start();
        return fixture;
    }

    public ReadModel readModel() {
        return new ReadModel(api.database().dsl());
    }

    public static String token(String user) {
        return token(user, Instant.now().plus(Duration.ofHours(1)), SECRET);
    }

    public static String token(String user, Instant expires, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().subject(user).expirationTime(Date.from(expires)).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + api.port() + path);
    }

    public HttpRequest.Builder request(String path, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        return user == null ? request : request.header("Authorization", "Bearer " + token(user));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String user) {
        return send(request(path, user).GET().build());
    }

    public HttpResponse<String> post(String path, String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> put(String path, String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> delete(String path, String user) {
        return send(request(path, user).DELETE().build());
    }

    public <V> void publish(Topic<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        publishRaw(topic.name(), key, bytes);
    }

    public void publishRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /** A NotificationCreated as the fan-out would emit it, created {@code ageSeconds} ago. */
    public static NotificationCreated created(String user, long id, String key, String message, String url, long ageSeconds) {
        Instant at = Instant.now().minusSeconds(ageSeconds);
        return new NotificationCreated(id, user, "sub-" + user + "-" + key, "set-" + user, key, message, url,
                new Target("comments.comment", Long.toString(id)), 1, false, false, at, at, "evt-" + user + "-" + id);
    }

    public NotificationCreated notify(String user, long id, String key, String url) {
        NotificationCreated event = created(user, id, key, "message " + id + " for " + user, url, 0);
        publish(topics.notifications(), user, event);
        return event;
    }

    public Optional<NotificationRow> row(String user, long id) {
        return readModel().notification(user, id);
    }

    public void awaitRow(String user, long id) {
        await("notification " + id + " of " + user + " in the read model").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> row(user, id).isPresent());
    }

    /** The user's status commands on nyt-notification-status so far, in order. */
    public List<StatusCommand> statusCommands(String user) {
        List<StatusCommand> mine = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.consume(
                topics.notificationStatus().name(), Integer.MAX_VALUE, Duration.ofMillis(500))) {
            StatusCommand command = topics.notificationStatus().valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (command.userId().equals(user)) {
                mine.add(command);
            }
        }
        return mine;
    }

    /** Waits until the user has at least {@code count} status commands on nyt-notification-status; answers them all. */
    public List<StatusCommand> awaitStatusCommands(String user, int count) {
        List<StatusCommand> mine = new ArrayList<>();
        await("status commands of " + user + " on nyt-notification-status").atMost(Duration.ofSeconds(20)).until(() -> {
            mine.clear();
            mine.addAll(statusCommands(user));
            return mine.size() >= count;
        });
        return mine;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (api != null) {
            api.close();
        }
        db.close();
    }
}

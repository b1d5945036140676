package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.digest.DigestProcessor;
import dev.nyt.digest.config.DigestConfig;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.runtime.Acls;
import dev.nyt.runtime.Acls.Principal;
import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nyt against a secured cluster: a SASL_SSL listener (SCRAM-SHA-512 over TLS), an authorizer that allows only
 * what an ACL grants, and each service logged in as its own user holding exactly the ACLs {@link Acls} lists
 * (which docs/OPERATIONS.md prints). Every client setting reaches the services through {@code NYT_KAFKA_*}.
 */
class SecuredClusterIT {

    private static final String SECRET = "a-test-secret-that-is-at-least-32-bytes";
    private static final String FANOUT = "nyt-fanout";
    private static final String DIGEST = "nyt-digest";
    private static final String API = "nyt-api";
    private static final String APP = "nyt-app";
    /** The query API's ACLs without DESCRIBE on the topics. */
    private static final String API_NO_DESCRIBE = "nyt-api-no-describe";
    /** The fan-out's ACLs without its transactional ids. */
    private static final String FANOUT_NO_TRANSACTIONS = "nyt-fanout-no-txn";

    private static Path home;
    private static SecuredKafka kafka;
    private static Admin admin;
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("nyt-secured");
        kafka = SecuredKafka.start(home, List.of(FANOUT, DIGEST, API, APP, API_NO_DESCRIBE, FANOUT_NO_TRANSACTIONS));
        admin = Admin.create(kafka.clientConfig(SecuredKafka.ADMIN));
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (kafka != null) {
            kafka.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyServiceLogsInOverTlsAndDoesItsJobWithExactlyTheDocumentedAcls() throws Exception {
        String prefix = TestKafka.uniqueName("secured") + "-";
        Topics topics = Topics.withPrefix(prefix);
        grant(Acls.bindings(Principal.FANOUT, topics, "User:" + FANOUT));
        grant(Acls.bindings(Principal.DIGEST, topics, "User:" + DIGEST));
        grant(Acls.bindings(Principal.QUERY_API, topics, "User:" + API));
        grant(Acls.bindings(Principal.CLIENT, topics, "User:" + APP));

        List<AutoCloseable> running = new ArrayList<>();
        try {
            FanoutService fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env(prefix, FANOUT))),
                    Metrics.newRegistry("nyt-fanout-processor"));
            running.addFirst(fanout);
            Map<String, String> digestEnv = env(prefix, DIGEST);
            digestEnv.put("NYT_SEND_EMAILS", "false");
            DigestProcessor digest = new DigestProcessor(DigestConfig.fromEnv(digestEnv),
                    Metrics.newRegistry(DigestProcessor.NAME)).start();
            running.addFirst(digest);
            QueryApi api = new QueryApi(QueryApiConfig.fromEnv(new Env(env(prefix, API))),
                    Metrics.newRegistry("nyt-query-api")).start();
            running.addFirst(api);
            Nyt app = Nyt.fromEnv(env(prefix, APP));
            running.addFirst(app);
            await("fan-out and digest running").atMost(Duration.ofSeconds(90))
                    .until(() -> fanout.ready() && digest.state() == KafkaStreams.State.RUNNING);

            // alice subscribes through the Nyt client, bob through the API (its command producer)
            app.upsertUser(new User("sec-alice", "alice@example.com", "Alice", true)).join();
            app.upsertUser(new User("sec-bob", "bob@example.com", "Bob", true)).join();
            app.subscribe("sec-alice", "sec/shared").join();
            app.subscribe("sec-alice", "sec/alice-only").join();
            HttpResponse<String> subscribed = post(api, "/api/v1/subscriptions", "sec-bob", "{\"key\":\"sec/shared\"}");
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(202);
            await("both subscribed in the read model").atMost(Duration.ofSeconds(60)).until(() ->
                    get(api, "/api/v1/subscriptions", "sec-alice").contains("sec/alice-only")
                            && get(api, "/api/v1/subscriptions", "sec-bob").contains("sec/shared"));

            for (int i = 0; i < 3; i++) {
                app.notify(Notify.of("shared " + i, "sec/shared")).join();
            }
            app.notify(Notify.of("for alice", "sec/alice-only")).join();
            await("alice's 4 and bob's 3 in PostgreSQL, through the API").atMost(Duration.ofSeconds(60)).until(() ->
                    ApiCaller.totalCount(get(api, "/api/v1/notifications", "sec-alice")) == 4
                            && ApiCaller.totalCount(get(api, "/api/v1/notifications", "sec-bob")) == 3);
            assertThat(get(api, "/api/v1/notifications?limit=100", "sec-bob")).doesNotContain("for alice");
            assertThat(get(api, "/api/v1/subscriptions", "sec-bob")).doesNotContain("sec/alice-only");

            // mark-read through the API: its producer writes nyt-notification-status, the fan-out reads it
            long bobsLatest = ApiCaller.maxId(get(api, "/api/v1/notifications?limit=100", "sec-bob"));
            HttpResponse<String> marked = post(api, "/api/v1/notifications/mark-read", "sec-bob",
                    "{\"idLte\":" + bobsLatest + "}");
            assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
            assertThat(ApiCaller.totalCount(get(api, "/api/v1/notifications", "sec-bob"))).isZero();
            assertThat(ApiCaller.totalCount(get(api, "/api/v1/notifications", "sec-alice"))).isEqualTo(4);

            // the digest read the notifications under its own ACLs and committed its position
            String notifications = topics.notifications().name();
            await("the digest's group has read nyt-notifications").atMost(Duration.ofSeconds(60)).until(() ->
                    admin.listConsumerGroupOffsets(prefix + Acls.DIGEST_APPLICATION).partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS).entrySet().stream()
                            .filter(e -> e.getKey().topic().equals(notifications) && e.getValue() != null)
                            .mapToLong(e -> e.getValue().offset()).sum() >= 4);
            assertThat(fanout.live() && digest.state() == KafkaStreams.State.RUNNING).isTrue();
        } finally {
            for (AutoCloseable closeable : running) {
                closeable.close();
            }
        }
    }

    @Test
    void aWrongPasswordStopsEachServiceAtStartNamingTheVariable() throws Exception {
        String prefix = TestKafka.uniqueName("secured-pw") + "-";
        Map<String, String> fanoutEnv = wrongPassword(env(prefix, FANOUT), "NYT_KAFKA_SASL_JAAS_CONFIG", FANOUT);
        assertThatThrownBy(() -> FanoutService.start(FanoutConfig.fromEnv(new Env(fanoutEnv)),
                Metrics.newRegistry("nyt-fanout-processor")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("NYT_KAFKA_SASL_JAAS_CONFIG: authentication failed for nyt-fanout-processor")
                .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512")
                .hasMessageNotContaining("wrong-pw");

        // no trust store: the JDK's own does not trust the broker's certificate
        Map<String, String> untrusted = env(prefix, FANOUT);
        untrusted.remove("NYT_KAFKA_SSL_TRUSTSTORE_LOCATION");
        untrusted.remove("NYT_KAFKA_SSL_TRUSTSTORE_PASSWORD");
        untrusted.remove("NYT_KAFKA_SSL_TRUSTSTORE_TYPE");
        assertThatThrownBy(() -> FanoutService.start(FanoutConfig.fromEnv(new Env(untrusted)),
                Metrics.newRegistry("nyt-fanout-processor")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("NYT_KAFKA_SSL_TRUSTSTORE_LOCATION: TLS handshake with the broker failed for"
                        + " nyt-fanout-processor");

        Map<String, String> digestEnv = wrongPassword(env(prefix, DIGEST), "NYT_KAFKA_SASL_JAAS_CONFIG", DIGEST);
        try (DigestProcessor digest = new DigestProcessor(DigestConfig.fromEnv(digestEnv), Metrics.newRegistry("d"))) {
            assertThatThrownBy(digest::start)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("NYT_KAFKA_SASL_JAAS_CONFIG: authentication failed for nyt-digest-processor");
        }

        // a setting of one kind of client only: the message names that variable
        Map<String, String> apiEnv = env(prefix, API);
        apiEnv.put("NYT_KAFKA_ADMIN_SASL_JAAS_CONFIG", SecuredKafka.jaas(API, "wrong-pw"));
        QueryApi api = new QueryApi(QueryApiConfig.fromEnv(new Env(apiEnv)), Metrics.newRegistry("nyt-query-api"));
        assertThatThrownBy(api::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("NYT_KAFKA_ADMIN_SASL_JAAS_CONFIG: authentication failed for nyt-query-api")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("NYT_KAFKA_ADMIN_SASL_JAAS_CONFIG"));
        api.close();

        try (Nyt app = Nyt.fromEnv(wrongPassword(env(prefix, APP), "NYT_KAFKA_SASL_JAAS_CONFIG", APP))) {
            assertThatThrownBy(() -> app.notify(Notify.of("never sent", "sec/key")).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aServiceMissingOneOfItsAclsStopsLoudly() throws Exception {
        String prefix = TestKafka.uniqueName("secured-acl") + "-";
        Topics topics = Topics.withPrefix(prefix);
        grant(without(Acls.bindings(Principal.QUERY_API, topics, "User:" + API_NO_DESCRIBE),
                b -> b.pattern().resourceType() == ResourceType.TOPIC && b.entry().operation() == AclOperation.DESCRIBE));
        grant(without(Acls.bindings(Principal.FANOUT, topics, "User:" + FANOUT_NO_TRANSACTIONS),
                b -> b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID));

        QueryApi api = new QueryApi(QueryApiConfig.fromEnv(new Env(env(prefix, API_NO_DESCRIBE))),
                Metrics.newRegistry("nyt-query-api"));
        assertThatThrownBy(api::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Kafka refused nyt-query-api (Topic authorization failed")
                .hasMessageContaining("its principal lacks an ACL");
        api.close();

        // topics exist now (the admin created them): the fan-out starts, and its first transaction is refused
        try (FanoutService fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env(prefix, FANOUT_NO_TRANSACTIONS))),
                Metrics.newRegistry("nyt-fanout-processor"))) {
            await("the fan-out without transactional ids is down").atMost(Duration.ofSeconds(90))
                    .until(() -> !fanout.live());
            assertThat(fanout.ready()).isFalse();
        }
    }

    private static List<AclBinding> without(List<AclBinding> bindings, Predicate<AclBinding> left) {
        List<AclBinding> kept = bindings.stream().filter(left.negate()).toList();
        assertThat(kept).as("the one ACL left out is in the list").hasSizeLessThan(bindings.size());
        return kept;
    }

    /** Creates the ACLs and waits until the broker enforces them. */
    private static void grant(List<AclBinding> bindings) throws Exception {
        admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        await("ACLs on the broker").atMost(Duration.ofSeconds(30)).until(() ->
                admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(bindings));
    }

    private static Map<String, String> env(String prefix, String user) throws IOException {
        Map<String, String> env = new HashMap<>(kafka.env(user, kafka.password(user)));
        env.put("NYT_TOPIC_PREFIX", prefix);
        env.put("NYT_TOPIC_PARTITIONS", "3");
        env.put("NYT_STATE_DIR", Files.createTempDirectory(home, "state").toString());
        env.put("NYT_DB_URL", db.jdbcUrl());
        env.put("NYT_DB_USER", db.user());
        env.put("NYT_DB_PASSWORD", db.password());
        env.put("NYT_HTTP_PORT", "0");
        env.put("NYT_JWT_SECRET", SECRET);
        return env;
    }

    private static Map<String, String> wrongPassword(Map<String, String> env, String variable, String user) {
        env.put(variable, SecuredKafka.jaas(user, "wrong-pw"));
        return env;
    }

    private static String get(QueryApi api, String path, String user) {
        return new ApiCaller(api::port, SECRET).get(path, user);
    }

    private static HttpResponse<String> post(QueryApi api, String path, String user, String json) {
        return new ApiCaller(api::port, SECRET).post(path, user, json);
    }
}

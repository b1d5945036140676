package dev.nyt.api.projector;

import static dev.nyt.api.db.jooq.Tables.NYT_NOTIFICATION;
import static dev.nyt.api.db.jooq.Tables.NYT_PROJECTOR_OFFSET;
import static dev.nyt.api.db.jooq.Tables.NYT_SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.api.QueryApiFixture;
import dev.nyt.api.db.Database;
import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationUpdated;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.Target;
import dev.nyt.events.User;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The projector against the real broker and PostgreSQL: replay, ordering, dead letters, outages. */
class ProjectorIT {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void replayingEveryTopicFromOffsetZeroGivesIdenticalRows() {
        try (QueryApiFixture first = QueryApiFixture.start()) {
            // Given a history on every projected topic, projected once
            int published = publishHistory(first);
            awaitProjected(first.api.database().dsl(), published);
            Map<String, String> original = ReadModelDump.of(first.api.database().dsl());
            assertHistoryMeaning(first.api.database().dsl());
            first.api.close();

            // When another database replays the same topics from the beginning
            Map<String, String> env = new HashMap<>(first.env);
            try (QueryApiFixture replay = QueryApiFixture.start(Map.of("NYT_TOPIC_PREFIX", first.topics.prefix()))) {
                awaitProjected(replay.api.database().dsl(), published);

                // Then its rows are the same
                assertThat(ReadModelDump.of(replay.api.database().dsl())).isEqualTo(original);
                replay.api.close();
            }

            // And the rebuild command (clear, then replay) gives them again in the first database
            QueryApiConfig config = QueryApiConfig.fromEnv(new Env(env));
            try (Database database = Database.open(config.db())) {
                QueryApi.clearReadModel(database);
                assertThat(database.dsl().fetchCount(NYT_NOTIFICATION)).isZero();
            }
            first.api = new QueryApi(config, Metrics.newRegistry("nyt-query-api")).start();
            awaitProjected(first.api.database().dsl(), published);
            assertThat(ReadModelDump.of(first.api.database().dsl())).isEqualTo(original);
        }
    }

    /** A little of everything, including records whose meaning depends on order. Answers how many records it sent. */
    private static int publishHistory(QueryApiFixture nyt) {
        var t = nyt.topics;
        int count = 0;
        nyt.publish(t.users(), "alice", new User("alice", "alice@example.com", "Alice", true));
        nyt.publish(t.users(), "carol", new User("carol", "carol@example.com", null, true));
        nyt.publish(t.settings(), new SettingsKey("alice", "s-alice").encode(), new Settings("s-alice", "alice", 0, true, T0));
        nyt.publish(t.settings(), new SettingsKey("alice", "s-alice-2").encode(), new Settings("s-alice-2", "alice", 1380, false, T0));
        nyt.publish(t.settings(), new SettingsKey("alice", "s-alice-2").encode(), null);
        nyt.publish(t.subscriptions(), "sub-1", new Subscription("sub-1", "alice", "s-alice", "comment/response",
                new Target("comments.comment", "42"), true, T0));
        nyt.publish(t.subscriptions(), "sub-2", new Subscription("sub-2", "alice", "s-alice", "article/edit", null, true, T0));
        nyt.publish(t.subscriptions(), "sub-carol", new Subscription("sub-carol", "carol", "s-carol", "article/edit", null, true, T0));
        count += 8;
        for (long id = 1; id <= 5; id++) {
            nyt.publish(t.notifications(), "alice", state(id, "alice", id <= 3 ? "sub-1" : "sub-2", T0.plusSeconds(id)));
            count++;
        }
        nyt.publish(t.notifications(), "alice", new NotificationUpdated(2, "alice", "sub-1", "s-alice", "comment/response",
                "message 2", "/c/2", new Target("comments.comment", "42"), 2, false, false, T0.plusSeconds(2), T0.plusSeconds(60), "e-2b"));
        nyt.publish(t.notifications(), "alice", new NotificationsViewed("alice", 3, 2L, null, T0.plusSeconds(70)));
        nyt.publish(t.notifications(), "carol", state(1, "carol", "sub-carol", T0.plusSeconds(1)));
        nyt.publishRaw(t.notifications().name(), "alice", "{not json".getBytes(StandardCharsets.UTF_8));
        nyt.publish(t.subscriptions(), "sub-2", null);
        nyt.publish(t.emailEvents(), "alice", new DigestSent("d-1", "<d-1@nyt>", "alice", "s-alice", "alice@example.com",
                "You have new notifications", "default.txt", 0, List.of(1L, 4L), List.of("sub-1", "sub-2"), T0.plusSeconds(80)));
        nyt.publish(t.emailEvents(), "carol", new DigestFailed("d-2", "carol", "s-carol", "carol@example.com",
                List.of(1L), List.of("sub-carol"), "550 no such user", T0.plusSeconds(80)));
        nyt.publish(t.users(), "carol", null);
        count += 8;
        return count;
    }

    private static NotificationCreated state(long id, String user, String subscription, Instant at) {
        return new NotificationCreated(id, user, subscription, "s-" + user, subscription.equals("sub-1") ? "comment/response"
                : "article/edit", "message " + id, "/c/" + id, null, 1, false, false, at, at, "e-" + id);
    }

    private static void assertHistoryMeaning(DSLContext dsl) {
        var n = NYT_NOTIFICATION;
        assertThat(dsl.select(n.ID, n.IS_VIEWED, n.IS_EMAILED, n.OCCURRENCES).from(n).where(n.USER_ID.eq("alice"))
                .orderBy(n.ID).fetch(r -> r.value1() + ":" + r.value2() + ":" + r.value3() + ":" + r.value4()))
                .containsExactly("1:false:true:1", "2:true:false:2", "3:true:false:1", "4:false:true:1", "5:false:false:1");
        assertThat(dsl.fetchCount(n, n.USER_ID.eq("carol"))).isZero();
        assertThat(dsl.select(NYT_SUBSCRIPTION.SUBSCRIPTION_ID, NYT_SUBSCRIPTION.LAST_SENT).from(NYT_SUBSCRIPTION)
                .fetch(r -> r.value1() + "@" + r.value2().toInstant()))
                .containsExactly("sub-1@" + T0.plusSeconds(80));
    }

    private static void awaitProjected(DSLContext dsl, int records) {
        await("all " + records + " records in the read model").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> dsl.select(DSL.coalesce(DSL.sum(NYT_PROJECTOR_OFFSET.NEXT_OFFSET), java.math.BigDecimal.ZERO))
                        .from(NYT_PROJECTOR_OFFSET).fetchOne().value1().intValue() == records);
    }

    @Test
    void viewedRangeAppliesToEarlierRowsOfTheSameBatchAndOlderStatesDoNotUndoIt() throws Exception {
        // (under another table prefix, which the generated classes are mapped to at runtime)
        try (QueryApiFixture nyt = QueryApiFixture.start(Map.of("NYT_DB_TABLE_PREFIX", "wiki"))) {
            var t = nyt.topics;
            // Given created notifications, a view of them, then a stale state of one
            nyt.publish(t.notifications(), "dave", state(1, "dave", "sub-1", T0.plusSeconds(1)));
            nyt.publish(t.notifications(), "dave", state(2, "dave", "sub-1", T0.plusSeconds(2)));
            nyt.publish(t.notifications(), "dave", new NotificationsViewed("dave", 2, null, null, T0.plusSeconds(3)));
            nyt.publish(t.notifications(), "dave", state(1, "dave", "sub-1", T0.plusSeconds(1)));
            nyt.publish(t.notifications(), "dave", state(3, "dave", "sub-1", T0.plusSeconds(4)));

            // When projected, Then 1 and 2 stay viewed and 3 is not
            nyt.awaitRow("dave", 3);
            assertThat(nyt.row("dave", 1).orElseThrow().isViewed()).isTrue();
            assertThat(nyt.row("dave", 2).orElseThrow().isViewed()).isTrue();
            assertThat(nyt.row("dave", 3).orElseThrow().isViewed()).isFalse();
            try (Connection connection = nyt.db.connect(); Statement sql = connection.createStatement()) {
                var rows = sql.executeQuery("SELECT count(*) FROM wiki_notification WHERE user_id = 'dave'");
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(3);
                var tables = sql.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'nyt\\_%'");
                tables.next();
                assertThat(tables.getInt(1)).isZero();
            }
        }
    }

    @Test
    void sendsUnreadableRecordsToTheDeadLetterTopicAndGoesOn() {
        try (QueryApiFixture nyt = QueryApiFixture.start()) {
            // Given a record that is not an event, then a good one
            nyt.publishRaw(nyt.topics.notifications().name(), "erin", "{\"type\": \"notificationCreated\"}".getBytes(StandardCharsets.UTF_8));
            nyt.notify("erin", 1, "comment/new", null);

            // Then the good one is projected and the bad one is a dead letter naming where it came from
            nyt.awaitRow("erin", 1);
            List<ConsumerRecord<byte[], byte[]>> letters = TestKafka.consume(nyt.topics.deadLetter().name(), 1, Duration.ofSeconds(20));
            assertThat(letters).hasSize(1);
            ConsumerRecord<byte[], byte[]> letter = letters.getFirst();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"type\": \"notificationCreated\"}");
            assertThat(header(letter, "__streams.errors.topic")).isEqualTo(nyt.topics.notifications().name());
            assertThat(header(letter, "__streams.errors.offset")).isEqualTo("0");
            assertThat(header(letter, "__streams.errors.partition")).isNotBlank();
            assertThat(header(letter, "__streams.errors.exception")).contains("EventDeserializationException");
            assertThat(header(letter, "__streams.errors.message")).contains("id");
        }
    }

    @Test
    void theGroupShowsNoLagWhenIdleAfterTransactionalWrites() throws Exception {
        try (QueryApiFixture nyt = QueryApiFixture.start()) {
            // Given notifications written as the fan-out writes them: in transactions, each ending in a commit marker
            Map<String, Object> config = TestKafka.producerConfig();
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    TestKafka.uniqueName("lag-tx"));
            var serializer = nyt.topics.notifications().valueSerde().serializer();
            try (var producer = new KafkaProducer<byte[], byte[]>(config)) {
                producer.initTransactions();
                for (long id = 1; id <= 3; id++) {
                    producer.beginTransaction();
                    for (String user : List.of("lag-alice", "lag-bob", "lag-carol", "lag-dave")) {
                        producer.send(new ProducerRecord<>(nyt.topics.notifications().name(),
                                user.getBytes(StandardCharsets.UTF_8), serializer.serialize(nyt.topics.notifications().name(),
                                        QueryApiFixture.created(user, id, "lag/k", "m" + id, null, 10))));
                    }
                    producer.commitTransaction();
                }
            }
            for (String user : List.of("lag-alice", "lag-bob", "lag-carol", "lag-dave")) {
                nyt.awaitRow(user, 3);
            }

            // Then, once idle, the consumer group's committed offsets reach the end of every partition
            String group = nyt.topics.prefix() + Projector.GROUP;
            try (var admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
                await("no lag on " + nyt.topics.notifications()).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().stream().filter(tp -> tp.topic().equals(nyt.topics.notifications().name()))
                            .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    assertThat(latest).isNotEmpty();
                    var ends = admin.listOffsets(latest).all().get();
                    latest.keySet().forEach(tp -> assertThat(committed.get(tp).offset()).as("committed offset of %s", tp)
                            .isEqualTo(ends.get(tp).offset()));
                });
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void pausesWhilePostgresIsUnavailableAndResumesWithNothingLostOrDoubled() throws Exception {
        try (QueryApiFixture nyt = QueryApiFixture.start(); Connection admin = administration(nyt)) {
            // Given a projector that has projected something
            nyt.notify("frank", 1, "comment/new", null);
            nyt.awaitRow("frank", 1);

            // When PostgreSQL refuses every connection of the read model while events keep coming
            try (Statement sql = admin.createStatement()) {
                sql.execute("ALTER DATABASE " + nyt.db.name() + " ALLOW_CONNECTIONS false");
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + nyt.db.name()
                        + "' AND pid <> pg_backend_pid()");
            }
            for (long id = 2; id <= 400; id++) {
                nyt.publish(nyt.topics.notifications(), "frank", QueryApiFixture.created("frank", id, "comment/new", "m" + id, null, 0));
            }
            await("the projector to pause for the database").atMost(Duration.ofSeconds(30))
                    .until(() -> projectorWaiting(nyt));
            try (Statement sql = admin.createStatement()) {
                sql.execute("ALTER DATABASE " + nyt.db.name() + " ALLOW_CONNECTIONS true");
            }

            // Then, without a restart, every notification arrives exactly once
            nyt.awaitRow("frank", 400);
            DSLContext dsl = nyt.api.database().dsl();
            assertThat(dsl.fetchCount(NYT_NOTIFICATION, NYT_NOTIFICATION.USER_ID.eq("frank"))).isEqualTo(400);
            assertThat(dsl.fetchCount(NYT_NOTIFICATION, NYT_NOTIFICATION.OCCURRENCES.ne(1))).isZero();
        }
    }

    /** A connection to the server's postgres database: a database cannot refuse connections to itself. */
    private static Connection administration(QueryApiFixture nyt) throws java.sql.SQLException {
        String url = nyt.db.jdbcUrl().replace("/" + nyt.db.name(), "/postgres");
        return java.sql.DriverManager.getConnection(url, nyt.db.user(), nyt.db.password());
    }

    private static boolean projectorWaiting(QueryApiFixture nyt) {
        String metrics = nyt.send(java.net.http.HttpRequest.newBuilder(nyt.uri("/metrics")).build()).body();
        return metrics.lines().anyMatch(line -> line.startsWith("nyt_projector_waiting_for_database") && line.endsWith(" 1.0"));
    }
}

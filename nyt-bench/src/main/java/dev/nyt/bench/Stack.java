package dev.nyt.bench;

import dev.nyt.api.QueryApi;
import dev.nyt.api.QueryApiConfig;
import dev.nyt.client.Nyt;
import dev.nyt.digest.DigestProcessor;
import dev.nyt.digest.config.DigestConfig;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.fanout.StoreKeys;
import dev.nyt.fanout.inbox.SubscriberIndex;
import dev.nyt.fanout.route.KeyPartitions;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.Metrics;
import dev.nyt.runtime.TopicAdmin;
import dev.nyt.testing.TestDatabase;
import dev.nyt.testing.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The services one figure needs, on topics of their own (a fresh prefix) and a fresh PostgreSQL database, in
 * this JVM next to the broker: as {@code ./nyt up} runs them. Closing stops them and drops the database.
 */
final class Stack implements AutoCloseable {

    static final int PARTITIONS = 6;

    /**
     * Service settings the bench takes from its own environment when set, to try a tuning without a code change
     * (e.g. {@code NYT_SMTP_POOL_SIZE=16 bench/run --only digest}); the report lists the ones in effect.
     */
    static final List<String> KNOBS = List.of("NYT_STREAM_THREADS", "NYT_PROJECTOR_BATCH", "NYT_DB_POOL_SIZE",
            "NYT_SMTP_POOL_SIZE", "NYT_DIGEST_BATCH_SIZE", "NYT_FANOUT_COMMIT_INTERVAL_MS", "NYT_FANOUT_CHUNK", "NYT_DIGEST_STREAM_THREADS", "NYT_DIGEST_TICK_SECONDS",
            "NYT_TOPIC_PARTITIONS");

    static Map<String, String> knobsInEffect() {
        Map<String, String> knobs = new java.util.TreeMap<>();
        KNOBS.forEach(knob -> {
            String value = System.getenv(knob);
            if (value != null && !value.isBlank()) {
                knobs.put(knob, value);
            }
        });
        return knobs;
    }

    final String prefix;
    final Topics topics;
    final Map<String, String> env;
    private final List<AutoCloseable> opened = new ArrayList<>();
    TestDatabase database;
    FanoutService fanout;
    QueryApi api;
    DigestProcessor digest;
    Nyt nyt;

    private Stack(String name, Map<String, String> extra) {
        this.prefix = TestKafka.uniqueName(name) + "-";
        this.topics = Topics.withPrefix(prefix);
        Map<String, String> base = new HashMap<>();  // filled before any service starts
        base.put("NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers());
        base.put("NYT_TOPIC_PREFIX", prefix);
        base.put("NYT_TOPIC_PARTITIONS", String.valueOf(PARTITIONS));
        base.put("NYT_HTTP_PORT", "0");
        base.put("NYT_AUTH_MODE", "dev");
        try {
            base.put("NYT_STATE_DIR", Files.createTempDirectory("nyt-bench-state").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        base.putAll(extra);
        base.putAll(knobsInEffect());
        this.env = base;
    }

    static Stack create(String name, Map<String, String> extra) {
        return new Stack(name, extra);
    }

    Stack withDatabase() {
        database = TestDatabase.create();
        opened.addFirst(database);
        env.put("NYT_DB_URL", database.jdbcUrl());
        env.put("NYT_DB_USER", database.user());
        env.put("NYT_DB_PASSWORD", database.password() == null ? "" : database.password());
        return this;
    }

    /** Creates the public topics and waits until the broker serves them, before any service produces. */
    Stack withTopics() {
        var kafka = KafkaConfig.fromEnv(new Env(env));
        TopicAdmin.ensureTopics(kafka);  // returns once the broker serves every partition
        return this;
    }

    Stack withFanout() {
        fanout = FanoutService.start(FanoutConfig.fromEnv(new Env(env)), new SimpleMeterRegistry());
        opened.addFirst(fanout);
        return this;
    }

    Stack withQueryApi() {
        api = new QueryApi(QueryApiConfig.fromEnv(new Env(env)), Metrics.newRegistry("nyt-query-api")).start();
        opened.addFirst(api);
        return this;
    }

    Stack withDigest() {
        digest = new DigestProcessor(DigestConfig.fromEnv(env), new SimpleMeterRegistry()).start();
        opened.addFirst(digest);
        return this;
    }

    Nyt client() {
        if (nyt == null) {
            nyt = Nyt.connect(TestKafka.bootstrapServers(), topics);
            opened.addFirst(nyt);
        }
        return nyt;
    }

    Connection connect() throws SQLException {
        return database.connect();
    }

    /**
     * Waits until the fan-out's subscriber index holds {@code expected} entries and the routing tasks know a
     * partition for each of their keys, counted through interactive queries. The registry writes the index with
     * the subscription, but the routing task learns the key's partitions from a repartition topic a moment later;
     * an event routed before that does not reach the new subscriber (a subscription takes effect once routed),
     * so a timed run must not start before routing has caught up.
     */
    void awaitIndexed(long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long indexed = -1;
        while (System.nanoTime() < deadline) {
            try {
                ReadOnlyKeyValueStore<String, ?> index = fanout.streams().store(StoreQueryParameters.fromNameAndType(
                        SubscriberIndex.STORE, QueryableStoreTypes.keyValueStore()));
                indexed = 0;
                // the partitions each key must be routed to, as its subscribers' owners
                java.util.Map<String, java.util.BitSet> owners = new java.util.HashMap<>();
                try (KeyValueIterator<String, ?> all = index.all()) {
                    while (all.hasNext()) {
                        String key = all.next().key;
                        owners.computeIfAbsent(StoreKeys.part(key, 0), k -> new java.util.BitSet())
                                .set(SubscriberIndex.owner(StoreKeys.part(key, 1), fanout.settings().userPartitions()));
                        indexed++;
                    }
                }
                ReadOnlyKeyValueStore<String, byte[]> routing = fanout.streams().store(StoreQueryParameters.fromNameAndType(
                        KeyPartitions.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
                owners.entrySet().removeIf(e -> {
                    byte[] bits = routing.get(e.getKey());
                    java.util.BitSet missing = (java.util.BitSet) e.getValue().clone();
                    if (bits != null) {
                        missing.andNot(java.util.BitSet.valueOf(bits));
                    }
                    return missing.isEmpty();
                });
                if (indexed >= expected && owners.isEmpty()) {
                    return;
                }
            } catch (InvalidStateStoreException rebalancing) {
                // not queryable while tasks move: ask again
            }
            Bench.pause(100);
        }
        throw new IllegalStateException("the fan-out indexed " + indexed + " of " + expected + " subscriptions within " + timeout);
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                Bench.log("closing %s failed: %s", closeable.getClass().getSimpleName(), e);
            }
        }
        opened.clear();
    }
}

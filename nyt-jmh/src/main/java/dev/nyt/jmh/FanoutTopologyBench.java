package dev.nyt.jmh;

import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Subscribe;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutSettings;
import dev.nyt.fanout.FanoutTopology;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.StreamsProps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fan-out's CPU per broadcast without a broker: the production topology ({@link FanoutTopology#build}) in a
 * {@link TopologyTestDriver}, {@code users} users subscribed to one key, and each operation one
 * {@code NotifyRequested} for that key, processed to the end (routing, one routed copy per user partition, the
 * inbox task's walk of its subscriber index in steps of {@code NYT_FANOUT_CHUNK} entries — moved on by the
 * driver's wall-clock punctuation —, id counter and inbox writes) and its output drained. Stores are real RocksDB (a fresh state directory under
 * {@code target/}, or under the {@value #DIRECTORY_PROPERTY} system property), so this is the fan-out stream
 * thread's work, which was 44 % of the broadcast's CPU and its one serial bottleneck.
 *
 * <p>Notifications per second per core = {@code users} / (seconds per operation). It is a bound from above on
 * the real cost: the test driver commits after every record, so store caches never merge writes, and every
 * changelog and repartition record is kept in memory until drained; there is no network and no transaction
 * (at-least-once, as the topology tests run it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class FanoutTopologyBench {

    /** Where the state directories go (default {@code target}, relative to the working directory). */
    public static final String DIRECTORY_PROPERTY = "nyt.jmh.dir";
    static final String KEY = "comment/new";

    /** Subscribers of the broadcast key: the size of each broadcast. */
    @Param("10000")
    public int users;

    private final Topics topics = Topics.withPrefix("");
    private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, NotifyRequested> notify;
    private Instant clock = Instant.parse("2026-11-23T10:00:00Z");
    private long sequence;

    private SimpleMeterRegistry registry;

    @Setup
    public void setup() throws IOException {
        Path parent = Files.createDirectories(Path.of(System.getProperty(DIRECTORY_PROPERTY, "target")));
        stateDir = Files.createTempDirectory(parent, "jmh-fanout-");
        registry = new SimpleMeterRegistry();
        Properties props = StreamsProps.base("nyt-fanout",
                new KafkaConfig("unused:9092", topics, 1, (short) 1, stateDir), registry);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(
                FanoutTopology.build(topics, FanoutSettings.defaults(), props), props);
        TestInputTopic<String, SubscriptionCommand> commands = input(topics.subscriptionRequests());
        for (int u = 0; u < users; u++) {
            String user = "user-" + u;
            commands.pipeInput(user, Subscribe.of(user, KEY), tick());
        }
        notify = input(topics.notifyRequested());
        drain();
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private Instant tick() {
        clock = clock.plusMillis(1);
        return clock;
    }

    /**
     * One broadcast to every subscriber, each with its own message (so nothing coalesces) and event id.
     *
     * @return the notifications it made
     */
    @Benchmark
    public int broadcast() {
        long n = ++sequence;
        Instant at = tick();
        notify.pipeInput(KEY, new NotifyRequested("event-" + n, KEY, "Broadcast number " + n, "/broadcasts/" + n,
                null, List.of(), List.of(), at), at);
        while (registry.get(dev.nyt.fanout.FanoutMetrics.RUNS_PENDING).gauge().value() > 0) {
            driver.advanceWallClockTime(java.time.Duration.ofMillis(1));
        }
        return drain();
    }

    /**
     * Empties every topic the driver recorded (it also keeps changelog and repartition records), unread.
     *
     * @return how many records reached {@code nyt-notifications}
     */
    int drain() {
        int notifications = 0;
        for (String name : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> topic = outputs.computeIfAbsent(name,
                    n -> driver.createOutputTopic(n, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            if (name.equals(topics.notifications().name())) {
                notifications = (int) topic.getQueueSize();
            }
            topic.readValuesToList();
        }
        return notifications;
    }

    @TearDown
    public void close() throws IOException {
        driver.close();
        if (!Files.exists(stateDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

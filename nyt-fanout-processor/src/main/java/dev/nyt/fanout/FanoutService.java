package dev.nyt.fanout;

import dev.nyt.runtime.HealthCheck;
import dev.nyt.runtime.KafkaClients;
import dev.nyt.runtime.StreamsProps;
import dev.nyt.runtime.StreamsRunner;
import dev.nyt.runtime.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The fan-out processor as a service: creates missing topics, sizes the repartition topics after
 * the input topics, and runs the topology. {@code main} and the one-JVM launcher both use it.
 */
public final class FanoutService implements HealthCheck, AutoCloseable {

    /** The service's name: its Kafka clients' ids start with it. */
    public static final String NAME = "nyt-fanout-processor";

    /** The fan-out's Streams settings that have variables of their own. */
    static final Map<String, String> OWNED = Map.of(
            StreamsConfig.NUM_STREAM_THREADS_CONFIG, "use NYT_STREAM_THREADS",
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "use NYT_FANOUT_COMMIT_INTERVAL_MS");

    private final StreamsRunner runner;
    private final FanoutSettings settings;

    private FanoutService(StreamsRunner runner, FanoutSettings settings) {
        this.runner = runner;
        this.settings = settings;
    }

    public static FanoutService start(FanoutConfig config, MeterRegistry registry) {
        KafkaClients clients = KafkaClients.of(NAME, config.kafka());
        Map<String, Integer> partitions = TopicAdmin.ensureTopics(clients);
        var topics = config.kafka().topics();
        FanoutSettings settings = new FanoutSettings(
                partitions.get(topics.notifyRequested().name()),
                partitions.get(topics.subscriptionRequests().name()),
                config.intervals(),
                config.dedupRetention(),
                config.chunk(),
                stepBudget(config),
                FanoutSettings.DEFAULT_MAX_PENDING);
        Properties props = StreamsProps.base(FanoutConfig.APPLICATION_ID, config.kafka(), registry);
        props.putAll(streamsOverrides(config));
        props = clients.streams(props, OWNED);
        var topology = FanoutTopology.build(topics, settings, props);
        return new FanoutService(new StreamsRunner(NAME, topology, props, registry).start(), settings);
    }

    /** A punctuation moves pending walks on for one commit interval (at least 5 ms), then the thread polls again. */
    static Duration stepBudget(FanoutConfig config) {
        return config.commitInterval().compareTo(Duration.ofMillis(5)) < 0 ? Duration.ofMillis(5) : config.commitInterval();
    }

    /**
     * The fan-out's own Streams settings on top of {@link StreamsProps#base}: its thread count, its commit
     * interval (latency against throughput), no compression of what it produces (its records — changelogs,
     * notifications — are many and small, and LZ4's block buffers were 7.7 % of the broadcast's allocation for
     * bytes that mostly stay on one machine), a short {@code poll.ms} (while a broadcast's walk is pending,
     * the thread must come back to its punctuation soon even when no record arrives) and
     * {@code max.task.idle.ms=-1} (a task never waits for its other input: the routing task's two inputs,
     * events and presence reports, are independent, and waiting cost latency and log lines on every event).
     */
    static Map<String, Object> streamsOverrides(FanoutConfig config) {
        return Map.of(
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis(),
                StreamsConfig.POLL_MS_CONFIG, 5L,
                StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L,
                StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none",
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) config.commitInterval().toMillis());
    }

    /** What the topology was built with (the partition counts it found, the walk's chunk). */
    public FanoutSettings settings() {
        return settings;
    }

    /** The running Kafka Streams instance: for interactive queries of the index and for tests and benchmarks. */
    public KafkaStreams streams() {
        return runner.streams();
    }

    @Override
    public String name() {
        return runner.name();
    }

    @Override
    public boolean live() {
        return runner.live();
    }

    @Override
    public boolean ready() {
        return runner.ready();
    }

    @Override
    public void close() {
        runner.close(Duration.ofSeconds(30));
    }
}

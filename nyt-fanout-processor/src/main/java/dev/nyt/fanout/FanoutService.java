package dev.nyt.fanout;

import dev.nyt.runtime.HealthCheck;
import dev.nyt.runtime.StreamsProps;
import dev.nyt.runtime.StreamsRunner;
import dev.nyt.runtime.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The fan-out processor as a service: creates missing topics, sizes the repartition topics after
 * the input topics, and runs the topology. {@code main} and the one-JVM launcher both use it.
 */
public final class FanoutService implements HealthCheck, AutoCloseable {

    private final StreamsRunner runner;

    private FanoutService(StreamsRunner runner) {
        this.runner = runner;
    }

    public static FanoutService start(FanoutConfig config, MeterRegistry registry) {
        Map<String, Integer> partitions = TopicAdmin.ensureTopics(config.kafka());
        var topics = config.kafka().topics();
        FanoutSettings settings = new FanoutSettings(
                partitions.get(topics.notifyRequested().name()),
                partitions.get(topics.subscriptionRequests().name()),
                config.intervals(),
                config.dedupRetention());
        Properties props = StreamsProps.base(FanoutConfig.APPLICATION_ID, config.kafka(), registry);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        var topology = FanoutTopology.build(topics, settings, FanoutMetrics.register(registry));
        return new FanoutService(new StreamsRunner("nyt-fanout-processor", topology, props, registry).start());
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

package dev.nyt.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology: logs its description at start, feeds health from the state
 * listener, binds the client metrics, shuts the client down on an unexpected exception (so health
 * turns DOWN and the orchestrator restarts it), and closes within a bound.
 */
public final class StreamsRunner implements HealthCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final String name;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);

    public StreamsRunner(String name, Topology topology, Properties props, MeterRegistry registry) {
        this.name = Objects.requireNonNull(name, "name");
        log.info("Topology of {}:\n{}", name, topology.describe());
        this.streams = new KafkaStreams(topology, props);
        this.streams.setStateListener((now, before) -> {
            state.set(now);
            log.info("{} went from {} to {}", name, before, now);
        });
        this.streams.setUncaughtExceptionHandler(e -> {
            log.error("{} stopped on an unexpected exception", name, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.metrics = new KafkaStreamsMetrics(streams);
        this.metrics.bindTo(registry);
    }

    public StreamsRunner start() {
        streams.start();
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return state.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean live() {
        KafkaStreams.State now = state.get();
        return now != KafkaStreams.State.ERROR && now != KafkaStreams.State.PENDING_ERROR;
    }

    @Override
    public boolean ready() {
        return state.get() == KafkaStreams.State.RUNNING;
    }

    public void close(Duration timeout) {
        log.info("Closing {}", name);
        boolean closed = streams.close(timeout);
        metrics.close();
        if (!closed) {
            log.warn("{} did not close within {}", name, timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}

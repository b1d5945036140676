package dev.nyt.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
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
    private final CloseOptions.GroupMembershipOperation onClose;

    public StreamsRunner(String name, Topology topology, Properties props, MeterRegistry registry) {
        this.name = Objects.requireNonNull(name, "name");
        this.onClose = onClose(props);
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

    /**
     * How a closing instance treats its group membership. A static member ({@code NYT_INSTANCE_ID}) stays, so that
     * its restart within the session timeout takes its tasks back without a rebalance; a dynamic one leaves, so
     * that the others take its tasks over at once instead of after the session timeout (45 s), which Kafka Streams
     * otherwise waits out because it does not leave the group when it closes.
     */
    static CloseOptions.GroupMembershipOperation onClose(Properties props) {
        boolean isStatic = props.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) != null
                || props.get(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) != null
                || props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null;
        return isStatic ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
    }

    public void close(Duration timeout) {
        log.info("Closing {} ({})", name, onClose == CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                ? "leaving its group" : "staying in its group: a static member");
        boolean closed = streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(onClose));
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

package dev.nyt.api.push;

import dev.nyt.api.db.CatchUp;
import dev.nyt.api.db.InboxCounts;
import dev.nyt.api.db.ReadModel;
import dev.nyt.runtime.HealthCheck;
import dev.nyt.client.KafkaSettings;
import dev.nyt.runtime.KafkaClients;
import dev.nyt.runtime.KafkaConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * The realtime push of one API instance: the push consumer, the hub of connections, and how streams start
 * and resume ({@link Resume}). {@link #start} and {@link #close}; the HTTP routes {@link #open} connections.
 */
public final class Realtime implements HealthCheck, AutoCloseable {

    /** How often a waiting resume reads how far the read model is. */
    static final Duration READ_MODEL_POLL = Duration.ofMillis(20);

    private final PushConfig config;
    private final PushConsumer consumer;
    private final ReadModelPosition position;
    private final Resume resume;

    private Realtime(PushConfig config, PushConsumer consumer, ReadModelPosition position, Resume resume) {
        this.config = config;
        this.consumer = consumer;
        this.position = position;
        this.resume = resume;
    }

    /** Starts the push consumer (positioned before this returns) for the deployment's {@code nyt-notifications}. */
    public static Realtime start(PushConfig config, KafkaClients clients, ReadModel readModel, MeterRegistry registry,
                                 Duration timeout) {
        KafkaConfig kafka = clients.kafka();
        String topic = kafka.topics().notifications().name();
        PushHub hub = new PushHub(registry);
        PushConsumer consumer = PushConsumer.create(clients, kafka.topics().notifications(), hub,
                () -> new StreamPosition(readModel.projected(topic)));
        try {
            consumer.start(timeout);
        } catch (RuntimeException e) {
            throw clients.explain(KafkaSettings.Kind.CONSUMER, e);
        }
        Gauge.builder("nyt.push.partitions", consumer, PushConsumer::partitions)
                .description("Partitions of nyt-notifications the push consumer reads").register(registry);
        ReadModelPosition position = new ReadModelPosition(() -> new StreamPosition(readModel.projected(topic)), READ_MODEL_POLL);
        CatchUpSource source = new CatchUpSource() {
            @Override
            public Optional<Long> newestId(String userId) {
                return readModel.newestId(userId);
            }

            @Override
            public CatchUp catchUp(String userId, long afterId, int limit) {
                return readModel.catchUp(topic, userId, afterId, limit);
            }

            @Override
            public InboxCounts counts(String userId) {
                return readModel.counts(userId);
            }
        };
        return new Realtime(config, consumer, position,
                new Resume(hub, position, source, config.resumeWait(), config.catchUpMax(), registry));
    }

    /** Starts streaming to the connection: a fresh stream when {@code lastEventId} is null, else a resume after it. */
    public void open(PushConnection connection, Long lastEventId) {
        resume.open(connection, lastEventId);
    }

    /** Events a connection may have pending before it is dropped. */
    public int queueCapacity() {
        return config.queue();
    }

    @Override
    public String name() {
        return consumer.name();
    }

    @Override
    public boolean live() {
        return consumer.live();
    }

    @Override
    public boolean ready() {
        return consumer.ready();
    }

    @Override
    public void close() {
        consumer.close();
        position.close();
    }
}

package dev.nyt.digest;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.MailSender;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.mail.SmtpMailSender;
import dev.nyt.digest.metrics.DigestMetrics;
import dev.nyt.digest.schedule.DigestRuntime;
import dev.nyt.digest.template.DigestRenderer;
import dev.nyt.runtime.HealthCheck;
import dev.nyt.runtime.KafkaClients;
import dev.nyt.runtime.StreamsRunner;
import dev.nyt.runtime.TopicAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digest service: give it its configuration and a meter registry, {@link #start()} it, read
 * its {@link #healthChecks()}, {@link #close()} it. Mail goes over SMTP as configured, or through
 * the {@link MailSender} you pass. Several services can run in one JVM, each with its own config.
 * Configuration errors (a template that does not load, ...) are thrown by the constructor.
 */
public final class DigestProcessor implements AutoCloseable {

    public static final String NAME = DigestConfig.APPLICATION_ID;
    private static final Logger log = LoggerFactory.getLogger(DigestProcessor.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final DigestConfig config;
    private final MeterRegistry registry;
    private final MailSender sender;
    private final SendPool pool;
    private final DigestRuntime runtime;
    private final Map<String, Object> streamsOverrides;
    private final Health health = new Health();
    private StreamsRunner runner;

    public DigestProcessor(DigestConfig config, MeterRegistry registry) {
        this(config, registry, new SmtpMailSender(config.smtp()));
    }

    public DigestProcessor(DigestConfig config, MeterRegistry registry, MailSender sender) {
        this(config, registry, sender, Map.of());
    }

    /**
     * @param streamsOverrides Kafka Streams settings put over nyt's (e.g. {@code consumer.session.timeout.ms}
     *                         for a faster takeover after a crash); not for the processing guarantee
     */
    public DigestProcessor(DigestConfig config, MeterRegistry registry, MailSender sender, Map<String, Object> streamsOverrides) {
        this.streamsOverrides = Map.copyOf(streamsOverrides);
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sender = Objects.requireNonNull(sender, "sender");
        DigestRenderer renderer = DigestRenderer.create(config.email());
        this.pool = new SendPool(sender, config.smtp().poolSize());
        this.runtime = new DigestRuntime(config, renderer, pool, new DigestMetrics(registry, InstantSource.system()),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Creates the topics that are missing, then starts processing. */
    public synchronized DigestProcessor start() {
        if (runner != null) {
            throw new IllegalStateException(NAME + " is already started");
        }
        KafkaClients clients = KafkaClients.of(NAME, config.kafka());
        Map<String, Integer> partitions = TopicAdmin.ensureTopics(clients);
        Integer userPartitions = partitions.get(config.kafka().topics().notifications().name());
        Properties props = DigestTopology.props(config, registry);
        props.putAll(streamsOverrides);
        props = clients.streams(props, Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "use " + DigestConfig.STREAM_THREADS));
        Topology topology = DigestTopology.topology(config.kafka().topics(), runtime, props,
                userPartitions == null ? OptionalInt.empty() : OptionalInt.of(userPartitions));
        if (!config.sendEmails()) {
            log.warn("NYT_SEND_EMAILS=false: no digest will be sent or marked until it is turned on again");
        }
        runner = new StreamsRunner(NAME, topology, props, registry).start();
        return this;
    }

    /** Liveness and readiness of the Kafka Streams client (not ready before {@link #start()}). */
    public List<HealthCheck> healthChecks() {
        return List.of(health);
    }

    /** The Kafka Streams state, or CREATED before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return runner == null ? KafkaStreams.State.CREATED : runner.state();
    }

    public DigestConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close(CLOSE_TIMEOUT);
        }
        pool.close();
        sender.close();
    }

    private synchronized StreamsRunner runner() {
        return runner;
    }

    /** Delegates to the runner once there is one. */
    private final class Health implements HealthCheck {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean live() {
            StreamsRunner current = runner();
            return current == null || current.live();
        }

        @Override
        public boolean ready() {
            StreamsRunner current = runner();
            return current != null && current.ready();
        }
    }
}

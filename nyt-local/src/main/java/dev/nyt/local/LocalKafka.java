package dev.nyt.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker for running nyt on one machine: one KRaft node that is broker and
 * controller, inside this JVM, from Kafka's own server classes. Unlike the test brokers it keeps its
 * data: the directory is formatted on the first start only (the cluster id is stored in its
 * {@code meta.properties}), so a restart, even after a {@code kill -9}, finds every committed
 * record. Settings are those of a single node: replication 1 everywhere, transactions (and so
 * {@code exactly_once_v2}) with an in-sync replica set of one, no topics created on first use.
 *
 * <p>A fatal broker fault (a failing log directory, corrupt metadata) stops the JVM as it would stop
 * a stand-alone broker, through Kafka's {@code Exit.halt}; see {@link LocalKafkaMain}.
 */
public final class LocalKafka implements AutoCloseable {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

    private final LocalKafkaConfig config;
    private final KafkaRaftServer server;
    private final DirectoryLock lock;
    private final BrokerLog brokerLog;
    private final String clusterId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalKafka(LocalKafkaConfig config, KafkaRaftServer server, DirectoryLock lock, BrokerLog brokerLog,
                       String clusterId) {
        this.config = config;
        this.server = server;
        this.lock = lock;
        this.brokerLog = brokerLog;
        this.clusterId = clusterId;
    }

    /**
     * Formats the data directory if it is new, starts the broker and returns once it accepts
     * clients on {@link LocalKafkaConfig#bootstrapServers()}.
     *
     * @throws IllegalStateException when the broker cannot start (another local broker uses the
     *                               directory, the port is taken, ...)
     */
    public static LocalKafka start(LocalKafkaConfig config) {
        long started = System.nanoTime();
        createDirectories(config);
        // Kafka locks its data directory only once the controller has already opened (and maybe
        // truncated) the metadata log in it: a second broker on the same directory would corrupt
        // the first one's metadata. So nothing starts without this lock.
        DirectoryLock lock = DirectoryLock.acquire(config.home());
        BrokerLog brokerLog = BrokerLog.to(config.logFile());
        KafkaRaftServer server = null;
        try {
            String clusterId = formatIfNew(config.dataDir());
            server = new KafkaRaftServer(KafkaConfig.fromProps(asProperties(brokerProperties(config, freePort())), false), Time.SYSTEM);
            server.startup();
            try {
                int aborted = HangingTransactions.abort(config.bootstrapServers(), Duration.ofSeconds(30));
                if (aborted > 0) {
                    log.warn("Aborted {} transaction(s) a killed broker left hanging (see HangingTransactions)", aborted);
                }
            } catch (RuntimeException e) {
                log.error("Could not look for transactions a killed broker left hanging: {}", e.getMessage(), e);
            }
            log.info("Kafka broker ready on {} in {} ms (cluster {}, data in {}, broker log {})",
                    config.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    clusterId, config.dataDir(), config.logFile());
            return new LocalKafka(config, server, lock, brokerLog, clusterId);
        } catch (RuntimeException e) {
            if (server != null) {
                stop(server);
            }
            brokerLog.close();
            lock.close();
            throw new IllegalStateException("The local Kafka broker could not start on " + config.bootstrapServers()
                    + " with data in " + config.dataDir() + ": " + reason(e) + " (broker log: "
                    + config.logFile() + ")", e);
        }
    }

    /** The innermost Kafka error says what went wrong ("failed to bind to localhost:9092: Address already in use"). */
    private static String reason(Throwable failure) {
        String reason = failure.getMessage();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KafkaException && cause.getMessage() != null) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    /**
     * The broker's settings by their {@code server.properties} names. The controller listens on
     * {@code controllerPort} of the loopback interface; it is chosen at each start, which a static
     * quorum of one voter allows.
     */
    static Map<String, String> brokerProperties(LocalKafkaConfig config, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + config.bootstrapServers() + ","
                + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + config.bootstrapServers());
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", config.dataDir().toString());
        props.put("metadata.log.dir", config.dataDir().toString());
        // topics are created by nyt (or an operator) with their partitions and cleanup policy
        props.put("auto.create.topics.enable", "false");
        // one node: every internal topic has one replica, and one in-sync replica is enough
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "10");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");
        // nobody else joins: start consumer groups and Kafka Streams at once
        props.put("group.initial.rebalance.delay.ms", "0");
        // exactly-once: hold a transaction's first produce request until the previous transaction's
        // markers are written (Kafka waits 100 ms, then the producer retries it and the requests
        // pipelined behind it); below the clients' request.timeout.ms. See docs/OPERATIONS.md.
        props.put("add.partitions.to.txn.retry.backoff.max.ms", "10000");
        // the broker shares the JVM with nyt's services: keep the compaction buffer small
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        props.put("num.io.threads", "4");
        props.put("num.network.threads", "2");
        return props;
    }

    /** The cluster id of the data directory, formatting it first when it holds no broker's data yet. */
    static String formatIfNew(Path dataDir) {
        Optional<String> existing = existingClusterId(dataDir);
        if (existing.isPresent()) {
            log.debug("Kafka data in {} belongs to cluster {}", dataDir, existing.get());
            return existing.get();
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dataDir.toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format " + dataDir + " for Kafka: " + e.getMessage(), e);
        }
        log.info("Formatted {} for a new Kafka cluster {}", dataDir, clusterId);
        return clusterId;
    }

    /** {@code meta.properties} is the last file the formatter writes: without it the directory is new. */
    private static Optional<String> existingClusterId(Path dataDir) {
        try {
            return new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(dataDir.toString())).load().clusterId();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + dataDir, e);
        }
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public String clusterId() {
        return clusterId;
    }

    public LocalKafkaConfig config() {
        return config;
    }

    /** Blocks until the broker has shut down ({@link #close()} from another thread). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Shuts the broker down cleanly (its logs flushed, a clean-shutdown marker written). Closing twice is harmless. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long started = System.nanoTime();
            stop(server);
            log.info("Kafka broker on {} stopped in {} ms", config.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            brokerLog.close();
            lock.close();
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void createDirectories(LocalKafkaConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + config.dataDir(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the Kafka controller", e);
        }
    }

    private static Properties asProperties(Map<String, String> map) {
        Properties props = new Properties();
        props.putAll(map);
        return props;
    }
}

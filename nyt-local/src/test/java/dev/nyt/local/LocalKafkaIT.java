package dev.nyt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local broker keeps what was committed across a clean restart and across a kill -9. */
class LocalKafkaIT {

    private static final String TOPIC = "orders";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private LocalKafka kafka;
    private Process child;

    @AfterEach
    void stopBrokers() throws InterruptedException {
        if (kafka != null) {
            kafka.close();
        }
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void keepsItsClusterAndCommittedRecordsAcrossARestart() {
        // Given a new broker with a topic and records committed in a transaction
        LocalKafkaConfig config = config(TestPorts.belowEphemeralRange());
        kafka = LocalKafka.start(config);
        String clusterId = kafka.clusterId();
        createTopic(config);
        try (var producer = transactionalProducer(config, "restart-tx")) {
            producer.initTransactions();
            sendCommitted(producer, "a", "b", "c");
        }

        // When it is closed and started again on the same directory
        kafka.close();
        kafka = LocalKafka.start(config);

        // Then it is the same cluster, and the records are there
        assertThat(kafka.clusterId()).isEqualTo(clusterId);
        assertThat(clusterIdSeenBy(config)).isEqualTo(clusterId);
        assertThat(readCommitted(config)).containsExactly("a", "b", "c");
    }

    @Test
    void afterAKillItKeepsTheCommittedRecordsAndAbortsTheOpenTransaction() throws Exception {
        // Given a broker in a child JVM, with records committed and a transaction left open
        LocalKafkaConfig config = config(TestPorts.belowEphemeralRange());
        child = startChildBroker(config);
        await("the broker in the child JVM to answer").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> clusterIdSeenBy(config) != null);
        String clusterId = clusterIdSeenBy(config);
        createTopic(config);
        var producer = transactionalProducer(config, "kill-tx");
        producer.initTransactions();
        sendCommitted(producer, "a", "b");
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "key", "never-committed-1"));
        producer.send(new ProducerRecord<>(TOPIC, "key", "never-committed-2"));
        producer.flush();

        // When the broker is killed (SIGKILL) and started again on the same directory
        child.destroyForcibly().waitFor();
        producer.close(Duration.ZERO);
        long restarting = System.nanoTime();
        kafka = LocalKafka.start(config);
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting);

        // Then it is back within a bound (its old registration expires after broker.session.timeout.ms, 9 s), and leads
        // every partition again, the transaction log's included: the killed incarnation left them without an in-sync
        // replica, and the controller elects the one broker from its last known eligible replicas
        System.out.printf("restarted after the kill in %d ms%n", restartMillis);
        assertThat(restartMillis).as("restart after a kill, ms").isLessThan(TIMEOUT.toMillis());
        assertThat(partitionsNotLedBy(config, LocalKafka.NODE_ID, TOPIC, "__transaction_state")).isEmpty();
        // the committed records are there; the open transaction is aborted once its producer returns
        assertThat(kafka.clusterId()).isEqualTo(clusterId);
        try (var again = transactionalProducer(config, "kill-tx")) {
            again.initTransactions();
            sendCommitted(again, "c");
        }
        assertThat(readCommitted(config)).containsExactly("a", "b", "c");
    }

    @Test
    void refusesASecondBrokerOnTheSameDirectoryAndTheFirstKeepsRunning() {
        // Given a running broker
        LocalKafkaConfig config = config(TestPorts.belowEphemeralRange());
        kafka = LocalKafka.start(config);
        createTopic(config);

        // When a second one is started on the same directory
        assertThatThrownBy(() -> LocalKafka.start(config(TestPorts.belowEphemeralRange())))
                // Then it is refused, naming the directory
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Another local Kafka broker is using " + config.home());
        // and the first one still serves
        try (var producer = transactionalProducer(config, "second-tx")) {
            producer.initTransactions();
            sendCommitted(producer, "a");
        }
        assertThat(readCommitted(config)).containsExactly("a");
    }

    private LocalKafkaConfig config(int port) {
        return LocalKafkaConfig.fromEnv(Map.of(
                LocalKafkaConfig.BOOTSTRAP_VARIABLE, "localhost:" + port,
                LocalKafkaConfig.STATE_DIR_VARIABLE, stateDir.toString()));
    }

    private Process startChildBroker(LocalKafkaConfig config) throws IOException {
        Path output = Files.createDirectories(Path.of("target", "local-kafka-it")).resolve("child-broker-" + config.port() + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                LocalKafkaMain.class.getName());
        builder.environment().put(LocalKafkaConfig.BOOTSTRAP_VARIABLE, config.bootstrapServers());
        builder.environment().put(LocalKafkaConfig.STATE_DIR_VARIABLE, stateDir.toString());
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        return builder.start();
    }

    private static void createTopic(LocalKafkaConfig config) {
        try (Admin admin = admin(config)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create " + TOPIC, e);
        }
    }

    private static String clusterIdSeenBy(LocalKafkaConfig config) {
        try (Admin admin = admin(config)) {
            return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("No answer from " + config.bootstrapServers(), e);
        }
    }

    /** The partitions of these topics whose leader is not {@code broker} or whose in-sync replicas are not just it. */
    private static List<String> partitionsNotLedBy(LocalKafkaConfig config, int broker, String... topics) {
        try (Admin admin = admin(config)) {
            return admin.describeTopics(List.of(topics)).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .filter(partition -> partition.leader() == null || partition.leader().id() != broker
                                    || partition.isr().size() != 1 || partition.isr().getFirst().id() != broker)
                            .map(partition -> topic.name() + "-" + partition.partition() + " " + partition))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("Could not describe " + List.of(topics), e);
        }
    }

    private static Admin admin(LocalKafkaConfig config) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()));
    }

    private static KafkaProducer<String, String> transactionalProducer(LocalKafkaConfig config, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void sendCommitted(KafkaProducer<String, String> producer, String... values) {
        producer.beginTransaction();
        for (String value : values) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value));
        }
        producer.commitTransaction();
    }

    /** Every committed value of the topic, up to its last stable offset. */
    private static List<String> readCommitted(LocalKafkaConfig config) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            await("records of " + TOPIC + " up to offset " + end).atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return consumer.position(partition) >= end;
            });
        }
        return values;
    }
}

package dev.nyt.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker (KRaft) per test JVM, started on first use and stopped when the JVM
 * exits. It is {@code NYT_TEST_KAFKA_BOOTSTRAP} when set, else a Testcontainers
 * {@code apache/kafka} container when a Docker engine answers, else a broker inside this JVM.
 * The broker never creates topics on first use: create each one with {@link #createTopics}.
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static final Pattern NAME_PART = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong COUNTER = new AtomicLong();

    private static Broker broker;
    private static Admin admin;

    private TestKafka() {
    }

    /** The broker's address, starting it if this is the first call in the JVM. */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * A name no other test and no other run uses: {@code base-<run id>-<n>}, for topics,
     * consumer groups, transactional ids and {@code application.id}s.
     */
    public static String uniqueName(String base) {
        if (!NAME_PART.matcher(base).matches()) {
            throw new IllegalArgumentException("Name base must match " + NAME_PART + ", was '" + base + "'");
        }
        return base + "-" + RunId.value() + "-" + COUNTER.incrementAndGet();
    }

    /** Creates the topics and returns once the broker serves every partition. */
    public static void createTopics(int partitions, String... names) {
        create(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
    }

    /** Creates a topic with {@code cleanup.policy=compact}, as tables and changelogs need. */
    public static void createCompactedTopic(String name, int partitions) {
        create(List.of(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    /** A fresh, mutable producer config: idempotent, {@code acks=all}, byte-array serializers. */
    public static Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * A fresh, mutable consumer config for the group: {@code read_committed}, from the earliest
     * offset, no auto-commit, byte-array deserializers.
     */
    public static Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = readCommittedConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return config;
    }

    /**
     * Reads the topic's committed records from the beginning of every partition until at
     * least {@code count} have arrived or {@code timeout} has passed, and returns all it read:
     * fewer than {@code count} on timeout, so the test's assertion shows what was there.
     * Uses no consumer group.
     */
    public static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommittedConfig())) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.nanoTime() < deadline) {
                long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                consumer.poll(Duration.ofMillis(Math.min(leftMs, 200))).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<String, Object> readCommittedConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos.isEmpty()) {
            throw new IllegalArgumentException("Topic " + topic + " does not exist; create it with TestKafka.createTopics");
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private static void create(List<NewTopic> topics) {
        Admin client = admin();
        try {
            client.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics " + names(topics), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topics " + names(topics) + " not created within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names(topics), e);
        }
        awaitLeaders(client, names(topics));
        log.debug("Created topics {}", names(topics));
    }

    /** Creation is done once the controller has it; clients need the broker to know it too. */
    private static void awaitLeaders(Admin client, List<String> names) {
        Awaitility.await("leaders for topics " + names)
                .atMost(ADMIN_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> allPartitionsLed(client, names));
    }

    private static boolean allPartitionsLed(Admin client, List<String> names) throws Exception {
        Map<String, TopicDescription> descriptions = client.describeTopics(names).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    }

    private static List<String> names(List<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }

    private static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }
        return admin;
    }

    private static synchronized Broker broker() {
        if (broker == null) {
            broker = startBroker(Environment.system());
            Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "nyt-test-kafka-stop"));
        }
        return broker;
    }

    private static Broker startBroker(Environment env) {
        long started = System.nanoTime();
        Broker chosen;
        try {
            chosen = env.get(Environment.KAFKA_BOOTSTRAP)
                    .<Broker>map(Broker.External::new)
                    .orElseGet(() -> startOwnBroker(env));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not start a Kafka broker for tests", e);
        }
        log.info("Tests use {} (ready in {} ms)", chosen.description(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return chosen;
    }

    private static Broker startOwnBroker(Environment env) {
        if (env.dockerAllowed() && DockerEngine.answers()) {
            return ContainerBroker.start(env);
        }
        try {
            return EmbeddedBroker.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the in-JVM broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-JVM broker", e);
        }
    }

    private static synchronized void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        try {
            broker.stop();
        } catch (Exception e) {
            log.warn("Could not stop {}", broker.description(), e);
        }
    }
}

package dev.nyt.runtime;

import dev.nyt.client.KafkaSettings;
import dev.nyt.events.outcome.CommandOutcome;
import dev.nyt.events.topic.Topic;
import dev.nyt.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the public topics that are missing (compacted where the contract says so; kept forever
 * where the read model is rebuilt from them: {@code nyt-notifications}, {@code nyt-email-events}) and checks
 * that the topics keyed by user have the same number of partitions, which the processors rely on
 * to see one user's commands, status and profile in one task.
 */
public final class TopicAdmin {

    /** Notification ids carry the partition in 10 bits. */
    public static final int MAX_PARTITIONS = 1024;

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicAdmin() {
    }

    /** Creates what is missing and answers each topic's partition count (an admin client of nyt's tools). */
    public static Map<String, Integer> ensureTopics(KafkaConfig config) {
        return ensureTopics(KafkaClients.of("nyt", config));
    }

    /**
     * Creates what is missing and answers each topic's partition count, with the service's admin client. It is
     * the first thing every service asks of Kafka, so a login that fails, a trust store that does not trust the
     * broker or a missing ACL stops the service here, with an error naming what to change.
     */
    public static Map<String, Integer> ensureTopics(KafkaClients clients) {
        KafkaConfig config = clients.kafka();
        try (Admin admin = clients.admin()) {
            return ensureTopics(admin, config.topics(), config.partitions(), config.replication());
        } catch (RuntimeException e) {
            throw clients.explain(KafkaSettings.Kind.ADMIN, e);
        }
    }

    public static Map<String, Integer> ensureTopics(Admin admin, Topics topics, int partitions, short replication) {
        // the read model is rebuilt by replaying these: they keep everything unless an operator says otherwise
        Set<Topic<?, ?>> keptForever = Set.of(topics.notifications(), topics.emailEvents());
        List<NewTopic> wanted = new ArrayList<>();
        List<Topic<?, ?>> all = new ArrayList<>(topics.all());
        all.add(CommandOutcome.topic(topics)); // internal: the registry's answers to the query API's commands
        for (Topic<?, ?> topic : all) {
            NewTopic newTopic = new NewTopic(topic.name(), partitions, replication);
            if (topic.compacted()) {
                newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            } else if (keptForever.contains(topic)) {
                newTopic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
            }
            wanted.add(newTopic);
        }
        Set<String> existing = await(admin.listTopics().names());
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            log.info("Creating topics {} with {} partitions, replication {}",
                    missing.stream().map(NewTopic::name).toList(), partitions, replication);
            try {
                admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topics " + missing, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topics", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topics within " + TIMEOUT, e);
            }
        }
        Map<String, TopicDescription> described = describe(admin, wanted.stream().map(NewTopic::name).toList());
        Map<String, Integer> counts = new HashMap<>();
        described.forEach((name, description) -> counts.put(name, description.partitions().size()));
        checkCoPartitioned(counts, topics.subscriptionRequests(), topics.users(), topics.notificationStatus());
        return counts;
    }

    private static void checkCoPartitioned(Map<String, Integer> counts, Topic<?, ?>... userKeyed) {
        Integer expected = counts.get(userKeyed[0].name());
        for (Topic<?, ?> topic : userKeyed) {
            Integer actual = counts.get(topic.name());
            if (!expected.equals(actual)) {
                throw new IllegalStateException("The topics keyed by user must have the same number of partitions, but "
                        + userKeyed[0].name() + " has " + expected + " and " + topic.name() + " has " + actual
                        + ": add partitions with kafka-topics --alter so they match");
            }
        }
        if (expected > MAX_PARTITIONS) {
            throw new IllegalStateException(userKeyed[0].name() + " has " + expected + " partitions; nyt supports at most "
                    + MAX_PARTITIONS);
        }
    }

    /**
     * Describes the topics once the broker serves every partition (a ListOffsets to each leader
     * succeeds). Right after creation a topic can be named in metadata before its leader has opened
     * it; an idempotent producer that sends then gets NOT_LEADER for its first batch and
     * OUT_OF_ORDER_SEQUENCE_NUMBER for every later one (KAFKA-15591), and stalls.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = await(admin.describeTopics(names).allTopicNames());
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                described.values().forEach(d -> d.partitions().forEach(p ->
                        partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                await(admin.listOffsets(partitions).all());
                return described;
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.debug("Topics not served yet, asking again: {}", e.getMessage());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin request failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to Kafka", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT, e);
        }
    }
}

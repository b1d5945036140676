package dev.nyt.bench;

import dev.nyt.testing.TestKafka;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the broker serves every partition of fresh topics (a ListOffsets to each leader succeeds). A topic
 * whose metadata names a leader may not be open on that broker yet; an idempotent producer that sends at once
 * can then get NOT_LEADER_OR_FOLLOWER for its first batch and OUT_OF_ORDER_SEQUENCE_NUMBER for every later one
 * (KAFKA-15591), which stalls it until {@code delivery.timeout.ms}. The bench creates its topics first and waits
 * here, so that race does not end up in the figures.
 */
final class ServedTopics {

    private ServedTopics() {
    }

    static void await(Collection<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            while (true) {
                try {
                    var partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                            .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
                    admin.listOffsets(partitions).all().get();
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("topics " + topics + " not served within " + timeout, e);
                    }
                    Bench.pause(100);
                }
            }
        }
    }
}

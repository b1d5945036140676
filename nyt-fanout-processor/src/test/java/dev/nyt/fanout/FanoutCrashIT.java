package dev.nyt.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.Subscription;
import dev.nyt.events.topic.Topics;
import dev.nyt.runtime.KafkaConfig;
import dev.nyt.runtime.TopicAdmin;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.TopicTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing doubled across a crash: the processor runs as a child JVM and is killed
 * with SIGKILL in the middle of a broadcast, then started again on the same state directory. CI runs it with
 * 50,000 subscribers; {@code -Dnyt.crash.subscribers=500000} is the large mode (issue 12: several minutes here):
 * <pre>./mvnw -pl nyt-fanout-processor -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FanoutCrashIT -Dnyt.crash.subscribers=500000</pre>
 */
class FanoutCrashIT {

    private static final int SUBSCRIBERS = Integer.getInteger("nyt.crash.subscribers", 50_000);
    /** Waits grow with the size: three minutes per 50,000 subscribers. */
    private static final Duration PATIENCE = Duration.ofMinutes(3L * Math.max(1, SUBSCRIBERS / 50_000));

    private final String prefix = TestKafka.uniqueName("crash") + "-";
    private final Topics topics = Topics.withPrefix(prefix);
    private final Path workDir = createWorkDir();
    private Process processor;

    private static Path createWorkDir() {
        try {
            return Files.createDirectories(Path.of("target", "crash-it")).toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void killProcessor() throws InterruptedException {
        if (processor != null && processor.isAlive()) {
            processor.destroyForcibly().waitFor();
        }
    }

    private Process startProcessor(String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                FanoutMain.class.getName());
        builder.environment().putAll(Map.of(
                "NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers(),
                "NYT_TOPIC_PREFIX", prefix,
                "NYT_HTTP_PORT", "0",
                "NYT_STATE_DIR", workDir.resolve(prefix + "state").toString()));
        builder.redirectErrorStream(true).redirectOutput(workDir.resolve(prefix + log).toFile());
        return builder.start();
    }

    @Test
    void killedInTheMiddleOfABroadcastItDeliversEachSubscriptionExactlyOnce() throws Exception {
        TopicAdmin.ensureTopics(new KafkaConfig(TestKafka.bootstrapServers(), topics, 3, (short) 1, workDir));
        try (Nyt nyt = Nyt.connect(TestKafka.bootstrapServers(), topics);
             var subscriptions = new TopicTail<>(topics.subscriptions().name(),
                     topics.subscriptions().keySerde().deserializer(), topics.subscriptions().valueSerde().deserializer());
             var notifications = new TopicTail<>(topics.notifications().name(),
                     topics.notifications().keySerde().deserializer(), topics.notifications().valueSerde().deserializer())) {
            // Given 50,000 (or nyt.crash.subscribers) subscribers of one key, registered by a running processor
            processor = startProcessor("first.log");
            for (int from = 0; from < SUBSCRIBERS; from += 50_000) {
                CompletableFuture.allOf(IntStream.range(from, Math.min(SUBSCRIBERS, from + 50_000))
                        .mapToObj(i -> nyt.subscribe("user-" + i, "broadcast"))
                        .toArray(CompletableFuture[]::new)).join();
            }
            await("every subscription in the table").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> subscriptions.records().size() >= SUBSCRIBERS);

            // When it is killed while the broadcast is being delivered, and started again
            String eventId = nyt.notify(Notify.of("to everyone", "broadcast")).join().eventId();
            await("the broadcast has begun").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !notifications.records().isEmpty());
            processor.destroyForcibly().waitFor();
            int deliveredBeforeKill = notifications.records().size();
            assertThat(deliveredBeforeKill).as("killed in the middle of the broadcast").isLessThan(SUBSCRIBERS);
            processor = startProcessor("second.log");

            // Then every subscription has exactly one notification of the event
            await("the broadcast completes").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> notifications.records().size() >= SUBSCRIBERS);
            await("and nothing more arrives").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                    .until(() -> notifications.records().size() == SUBSCRIBERS);
            List<NotificationCreated> created = notifications.values().stream()
                    .map(NotificationCreated.class::cast).toList();
            Map<String, Long> perSubscription = created.stream()
                    .collect(Collectors.groupingBy(NotificationCreated::subscriptionId, Collectors.counting()));
            assertThat(perSubscription).hasSize(SUBSCRIBERS).allSatisfy((subscription, count) -> assertThat(count).isOne());
            assertThat(created).allSatisfy(c -> assertThat(c.eventId()).isEqualTo(eventId));
            assertThat(created).extracting(NotificationCreated::id).doesNotHaveDuplicates();
            Map<String, Subscription> bySubscription = subscriptions.values().stream()
                    .collect(Collectors.toMap(Subscription::subscriptionId, Function.identity(), (a, b) -> b));
            assertThat(created).allSatisfy(c ->
                    assertThat(bySubscription.get(c.subscriptionId()).userId()).isEqualTo(c.userId()));
        }
    }
}

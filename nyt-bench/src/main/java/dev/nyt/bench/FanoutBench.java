package dev.nyt.bench;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.Subscription;
import dev.nyt.events.topic.Topics;
import dev.nyt.fanout.FanoutConfig;
import dev.nyt.fanout.FanoutService;
import dev.nyt.runtime.Env;
import dev.nyt.testing.TestKafka;
import dev.nyt.testing.TopicTail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Broadcast fan-out, publish to {@code nyt-notifications}: one key with N subscribers, one
 * NotifyRequested per run, timed until N committed notifications are read back. The broker, the
 * processor and the reader share this JVM and the machine's cores, as in {@code ./nyt up}.
 *
 * <p>Arguments: {@code [subscribers=100000] [runs=3] [partitions=6]}.
 */
public final class FanoutBench {

    private FanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        String prefix = TestKafka.uniqueName("bench") + "-";
        Topics topics = Topics.withPrefix(prefix);
        FanoutConfig config = FanoutConfig.fromEnv(new Env(Map.of(
                "NYT_KAFKA_BOOTSTRAP", TestKafka.bootstrapServers(),
                "NYT_TOPIC_PREFIX", prefix,
                "NYT_TOPIC_PARTITIONS", String.valueOf(partitions),
                "NYT_STATE_DIR", Files.createTempDirectory("nyt-bench").toString())));
        try (FanoutService service = FanoutService.start(config, new SimpleMeterRegistry());
             Nyt nyt = Nyt.connect(TestKafka.bootstrapServers(), topics);
             var subscriptions = new TopicTail<>(topics.subscriptions().name(),
                     topics.subscriptions().keySerde().deserializer(), topics.subscriptions().valueSerde().deserializer());
             var notifications = new TopicTail<>(topics.notifications().name(),
                     topics.notifications().keySerde().deserializer(), topics.notifications().valueSerde().deserializer())) {
            long start = System.nanoTime();
            CompletableFuture.allOf(IntStream.range(0, subscribers)
                    .mapToObj(i -> nyt.subscribe("user-" + i, "broadcast"))
                    .toArray(CompletableFuture[]::new)).join();
            waitFor(() -> count(subscriptions.values(), Subscription.class), subscribers, Duration.ofMinutes(10));
            System.out.printf(Locale.ROOT, "registered %d subscriptions in %.1f s%n", subscribers,
                    (System.nanoTime() - start) / 1e9);

            List<Double> rates = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long before = count(notifications.values(), NotificationCreated.class);
                long t0 = System.nanoTime();
                nyt.notify(Notify.of("broadcast " + run, "broadcast")).join();
                waitFor(() -> count(notifications.values(), NotificationCreated.class) - before, subscribers,
                        Duration.ofMinutes(10));
                double seconds = (System.nanoTime() - t0) / 1e9;
                double rate = subscribers / seconds;
                rates.add(rate);
                System.out.printf(Locale.ROOT, "run %d: %d notifications in %.2f s = %.0f notifications/s%n",
                        run, subscribers, seconds, rate);
            }
            rates.sort(Double::compare);
            System.out.printf(Locale.ROOT, "broadcast 1 key x %d subscribers, publish -> nyt-notifications: "
                    + "median %.0f notifications/s (min %.0f, max %.0f, %d runs)%n",
                    subscribers, rates.get(rates.size() / 2), rates.getFirst(), rates.getLast(), runs);
        }
        System.exit(0);
    }

    private static long count(List<?> values, Class<?> type) {
        return values.stream().filter(type::isInstance).count();
    }

    private static void waitFor(java.util.function.LongSupplier progress, long target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + progress.getAsLong() + " of " + target + " within " + timeout);
            }
        }
    }
}

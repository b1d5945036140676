package dev.nyt.bench;

import dev.nyt.testing.TestKafka;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scale figures ({@code bench/run --only scale}; not in the default run, a few minutes at its full size): the whole
 * system as {@link SystemFigure} runs it, N users (weekly digests, so no e-mail is due) registered with a
 * subscription each straight into the topics, then one broadcast to all of them while a probe publishes 1,000
 * narrow events/s: how long registration takes until indexed, routed and projected; the broadcast's rate and its
 * first row; the probe's latency while the broadcast runs.
 */
final class ScaleFigure {

    private static final Duration PATIENCE = Duration.ofMinutes(15);
    private static final int PROBE_KEYS = 100;

    private ScaleFigure() {
    }

    static List<Row> run(Bench.Sizes sizes) {
        int n = sizes.scaleUsers();
        Row registration = new Row("scale-registration", String.format(
                "registration: %,d users + %,d subscribe commands → indexed, routed and projected", n, n), "s", false)
                .bar("≤ 60 s", 60);
        Row broadcast = new Row("scale-broadcast", String.format("broadcast 1 key × %,d (whole system): publish → last row in PostgreSQL", n),
                "notifications/s", true).bar("≥ 40,000/s", 40_000);
        Row firstRow = new Row("scale-first-row", String.format("broadcast 1 key × %,d: publish → first row in PostgreSQL", n),
                "ms", false).bar("≤ 1,000 ms", 1_000);
        Row p99 = new Row("scale-latency-p99", String.format(
                "latency publish → nyt-notifications at %,d events/s while the %,d broadcast runs, p99", sizes.latencyRate(), n),
                "ms", false).bar("≤ 1,000 ms", 1_000);
        List<Row> rows = List.of(registration, broadcast, firstRow, p99);
        try (SmtpSink smtp = new SmtpSink();
             Stack stack = Stack.create("bench-scale", Map.of(
                     "NYT_AUTH_MODE", "jwt",
                     "NYT_JWT_SECRET", SystemFigure.SECRET,
                     "NYT_INTERVALS_DEFAULT", "9660",
                     "NYT_SMTP_HOST", "127.0.0.1",
                     "NYT_SMTP_PORT", String.valueOf(smtp.port())))
                     .withDatabase().withTopics().withFanout().withQueryApi().withDigest();
             TopicCounter notifications = new TopicCounter(stack.topics.notifications().name());
             KafkaProducer<String, String> producer = producer();
             Connection db = stack.connect()) {
            long t0 = System.nanoTime();
            List<Future<?>> window = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String user = "user-" + i;
                window.add(producer.send(new ProducerRecord<>(stack.topics.users().name(), user,
                        "{\"userId\":\"" + user + "\",\"email\":\"" + user + "@example.com\",\"displayName\":\"User " + i + "\"}")));
                window.add(producer.send(new ProducerRecord<>(stack.topics.subscriptionRequests().name(), user,
                        "{\"type\":\"subscribe\",\"userId\":\"" + user + "\",\"key\":\"broadcast\"}")));
                if (window.size() >= 40_000) {
                    for (Future<?> f : window) {
                        f.get();
                    }
                    window.clear();
                }
            }
            for (Future<?> f : window) {
                f.get();
            }
            double producing = (System.nanoTime() - t0) / 1e9;
            // the probe's subscribers: one per key, as the narrow figure's
            List<CompletableFuture<?>> probes = new ArrayList<>();
            for (int k = 0; k < PROBE_KEYS; k++) {
                probes.add(stack.client().subscribe("probe-" + k, "narrow/" + k));
            }
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).join();
            stack.awaitIndexed(n + PROBE_KEYS, PATIENCE);
            PipelineFigures.awaitRows(db, "nyt_subscription", n + PROBE_KEYS, PATIENCE);
            double registered = (System.nanoTime() - t0) / 1e9;
            registration.add(registered);
            registration.details.put("producingSeconds", producing);
            Bench.log("scale: %,d users and subscriptions produced in %.1f s, indexed, routed and projected after %.1f s",
                    n, producing, registered);

            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            stack.client().notify(dev.nyt.client.Notify.of("to everyone", "broadcast")).join();
            double[] latency = {Double.NaN};
            Thread probe = Thread.ofPlatform().name("scale-probe").start(() ->
                    latency[0] = PipelineFigures.latencyRun(stack, notifications, sizes, PROBE_KEYS, 1, 1)[1]);
            long first = PipelineFigures.awaitRows(db, "nyt_notification", 1, PATIENCE);
            long last = PipelineFigures.awaitRows(db, "nyt_notification", n, PATIENCE);
            long[] cpuNanos = cpu.stop();
            probe.join();
            broadcast.add(n / ((last - start) / 1e9));
            firstRow.add((first - start) / 1e6);
            broadcast.details.put("machineCpuMicrosPerNotification", cpuNanos[1] / 1e3 / n);
            p99.add(latency[0]);
            Bench.log("scale broadcast: %.0f notifications/s publish → last row, first row after %.0f ms, probe p99 %.0f ms, "
                            + "CPU per notification %.1f µs on the machine", n / ((last - start) / 1e9), (first - start) / 1e6,
                    latency[0], cpuNanos[1] / 1e3 / n);
        } catch (Exception | Error e) {
            Bench.fail(e, rows.toArray(Row[]::new));
        }
        return rows;
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}

package dev.nyt.bench;

import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.NotificationCreated;
import dev.nyt.events.NotificationEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Figures 1–3: the whole pipeline (fan-out processor and query API projector in this JVM) fed by the
 * {@link Nyt} client: broadcast fan-out, narrow fan-out, and latency at a fixed rate.
 */
final class PipelineFigures {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** A latency run that does not drain within this has stalled: reported, not waited for. */
    private static final Duration LATENCY_PATIENCE = Duration.ofSeconds(60);
    private static final int IN_FLIGHT = 20_000;

    private PipelineFigures() {
    }

    /** Figure 1: one key with N subscribers, one notify per run, timed to N records and N rows. */
    static List<Row> broadcast(Bench.Sizes sizes, Runnable startProfile, Runnable stopProfile) {
        int n = sizes.broadcastSubscribers();
        Row kafka = new Row("broadcast-kafka", String.format("broadcast 1 key × %,d: publish → nyt-notifications", n),
                "notifications/s", true);
        Row pg = new Row("broadcast-pg", String.format("broadcast 1 key × %,d: publish → rows in PostgreSQL", n),
                "notifications/s", true).bar("≥ 50,000/s", 50_000);
        try (Stack stack = Stack.create("bench-broadcast", Map.of()).withDatabase().withTopics().withFanout().withQueryApi();
             TopicCounter subscriptions = new TopicCounter(stack.topics.subscriptions().name());
             TopicCounter notifications = new TopicCounter(stack.topics.notifications().name());
             Connection db = stack.connect()) {
            Nyt nyt = stack.client();
            long t = System.nanoTime();
            publishAll(n, i -> nyt.subscribe("user-" + i, "broadcast"));
            subscriptions.awaitCount(n, PATIENCE);
            stack.awaitIndexed(n, PATIENCE);
            awaitRows(db, "nyt_subscription", n, PATIENCE); // the projector has caught up with the registration
            double registration = (System.nanoTime() - t) / 1e9;
            Bench.log("broadcast: %,d subscriptions registered in %.1f s", n, registration);
            kafka.details.put("subscriptionRegistrationSeconds", registration);
            startProfile.run();
            try {
                for (int run = 0; run <= sizes.runs(); run++) {
                    int r = run;
                    timedRun("broadcast", "notification", run, n, n,
                            () -> nyt.notify(Notify.of("broadcast " + r, "broadcast")).join(), notifications, db, kafka, pg);
                }
            } finally {
                stopProfile.run();
            }
        } catch (Exception | Error e) {
            Bench.fail(e, kafka, pg);
        }
        return List.of(kafka, pg);
    }

    /**
     * One timed run of a throughput figure: publish, then wait for {@code expected} records on nyt-notifications
     * and rows in PostgreSQL; logs and (from run 1 on, run 0 being the warm-up) records the rates in {@code unit}s
     * per second and the CPU per {@code unit}, in this JVM and on the whole machine.
     */
    private static void timedRun(String figure, String unit, int run, long units, long expected, Runnable publish,
                                 TopicCounter notifications, Connection db, Row kafka, Row pg) throws SQLException {
        truncate(db, "nyt_notification");
        long before = notifications.count();
        CpuMeter cpu = CpuMeter.start();
        long t0 = System.nanoTime();
        publish.run();
        long tKafka = notifications.awaitCount(before + expected, PATIENCE);
        long tPg = awaitRows(db, "nyt_notification", expected, PATIENCE);
        long[] cpuNanos = cpu.stop();
        double kafkaRate = units / ((tKafka - t0) / 1e9);
        double pgRate = units / ((tPg - t0) / 1e9);
        double jvmMicros = cpuNanos[0] / 1e3 / units;
        double machineMicros = cpuNanos[1] / 1e3 / units;
        Bench.log("%s %s: %.0f %ss/s to nyt-notifications, %.0f/s to PostgreSQL; CPU per %s %.1f µs in this JVM "
                        + "(load generator included), %.1f µs on the machine",
                figure, run == 0 ? "warm-up" : "run " + run, kafkaRate, unit, pgRate, unit, jvmMicros, machineMicros);
        if (run > 0) {
            kafka.add(kafkaRate);
            pg.add(pgRate);
            String perUnit = Character.toUpperCase(unit.charAt(0)) + unit.substring(1);
            cpuList(pg, "jvmCpuMicrosPer" + perUnit).add(jvmMicros);
            cpuList(pg, "machineCpuMicrosPer" + perUnit).add(machineMicros);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Double> cpuList(Row row, String name) {
        return (List<Double>) row.details.computeIfAbsent(name, k -> new ArrayList<Double>());
    }

    /** Figures 2 and 3: narrow fan-out (events/s), then latency at a fixed rate, on the same services. */
    static List<Row> narrowAndLatency(Bench.Sizes sizes) {
        int keys = sizes.narrowKeys();
        int events = sizes.narrowEvents();
        int perKey = 3;
        int users = keys;  // user (3k + j) mod users: every user holds 3 subscriptions
        Row kafka = new Row("narrow-kafka", String.format("narrow %,d events over %,d keys × %d: publish → nyt-notifications",
                events, keys, perKey), "events/s", true).bar("≥ 5,000/s", 5_000);
        Row pg = new Row("narrow-pg", String.format("narrow %,d events over %,d keys × %d: publish → rows in PostgreSQL",
                events, keys, perKey), "events/s", true).bar("≥ 5,000/s", 5_000);
        Row p50 = new Row("latency-p50", String.format("latency publish → nyt-notifications at %,d events/s, p50",
                sizes.latencyRate()), "ms", false);
        Row p99 = new Row("latency-p99", String.format("latency publish → nyt-notifications at %,d events/s, p99",
                sizes.latencyRate()), "ms", false).bar("≤ 250 ms", 250);
        try (Stack stack = Stack.create("bench-narrow", Map.of()).withDatabase().withTopics().withFanout().withQueryApi();
             TopicCounter subscriptions = new TopicCounter(stack.topics.subscriptions().name());
             TopicCounter notifications = new TopicCounter(stack.topics.notifications().name());
             Connection db = stack.connect()) {
            Nyt nyt = stack.client();
            publishAll(keys * perKey, i -> nyt.subscribe("n-user-" + (i % users), "narrow/" + (i / perKey)));
            subscriptions.awaitCount((long) keys * perKey, PATIENCE);
            stack.awaitIndexed((long) keys * perKey, PATIENCE);
            awaitRows(db, "nyt_subscription", (long) keys * perKey, PATIENCE);
            try {
                for (int run = 0; run <= sizes.runs(); run++) {
                    int r = run;
                    timedRun("narrow", "event", run, events, (long) events * perKey,
                            () -> publishAll(events, i -> nyt.notify(Notify.of("narrow " + r + " " + i, "narrow/" + (i % keys)))),
                            notifications, db, kafka, pg);
                }
            } catch (Exception | Error e) {
                Bench.fail(e, kafka, pg);
            }
            try {
                for (int run = 1; run <= sizes.runs(); run++) {
                    double[] percentiles = latencyRun(stack, notifications, sizes, keys, perKey, run);
                    p50.add(percentiles[0]);
                    p99.add(percentiles[1]);
                }
            } catch (Exception | Error e) {
                Bench.fail(e, p50, p99);
            }
        } catch (Exception | Error e) {
            Bench.fail(e, kafka, pg, p50, p99);
        }
        if (!p99.ok() && p99.error == null) {
            Bench.fail(new IllegalStateException("no latency measured"), p50, p99);
        }
        return List.of(kafka, pg, p50, p99);
    }

    /**
     * Publishes {@code rate} events per second for the configured seconds, each with an event id whose send time
     * is remembered; the counter's listener computes receive time − send time of every notification.
     */
    static double[] latencyRun(Stack stack, TopicCounter notifications, Bench.Sizes sizes, int keys, int perKey,
                                       int run) {
        Nyt nyt = stack.client();
        int events = sizes.latencyRate() * sizes.latencySeconds();
        Map<String, Long> sentAt = new ConcurrentHashMap<>(events * 2);
        long[] latencies = new long[events * perKey];
        int[] filled = {0};
        Deserializer<NotificationEvent> values = stack.topics.notifications().valueSerde().deserializer();
        String topic = stack.topics.notifications().name();
        notifications.listen(record -> {
            long now = System.nanoTime();
            if (values.deserialize(topic, record.value()) instanceof NotificationCreated created
                    && created.eventId() != null) {
                Long sent = sentAt.get(created.eventId());
                if (sent != null) {
                    synchronized (latencies) {
                        if (filled[0] < latencies.length) {
                            latencies[filled[0]++] = now - sent;
                        }
                    }
                }
            }
        });
        try {
            long interval = 1_000_000_000L / sizes.latencyRate();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String eventId = "lat-" + run + "-" + i;
                sentAt.put(eventId, System.nanoTime());
                nyt.notify(Notify.of("latency " + run + " " + i, "narrow/" + (i % keys)).eventId(eventId)
                        .occurredAt(Instant.now()));
            }
            double publishSeconds = (System.nanoTime() - start) / 1e9;
            // every probe notification, not a count of the topic: other notifications may share it (ScaleFigure)
            long deadline = System.nanoTime() + LATENCY_PATIENCE.toNanos();
            while (true) {
                synchronized (latencies) {
                    if (filled[0] >= latencies.length) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + filled[0] + " of " + latencies.length
                            + " latency notifications within " + LATENCY_PATIENCE);
                }
                Bench.pause(2);
            }
            long[] sorted;
            int size;
            synchronized (latencies) {
                size = filled[0];
                sorted = java.util.Arrays.copyOf(latencies, size);
            }
            java.util.Arrays.sort(sorted);
            double p50 = Stats.percentile(sorted, size, 50);
            double p99 = Stats.percentile(sorted, size, 99);
            Bench.log("latency run %d: %,d events in %.1f s (%.0f/s offered), %,d notifications: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    run, events, publishSeconds, events / publishSeconds, size, p50, p99, sorted[size - 1] / 1e6);
            return new double[] {p50, p99};
        } finally {
            notifications.listen(null);
        }
    }

    /** Sends count items with at most {@value #IN_FLIGHT} unacknowledged at a time, then waits for all. */
    static void publishAll(int count, java.util.function.IntFunction<CompletableFuture<?>> send) {
        List<CompletableFuture<?>> window = new ArrayList<>(IN_FLIGHT);
        for (int i = 0; i < count; i++) {
            window.add(send.apply(i));
            if (window.size() == IN_FLIGHT) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
    }

    static void truncate(Connection db, String table) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("TRUNCATE " + table);
        }
    }

    /** Polls {@code count(*)} every 50 ms until the table holds at least {@code target} rows; when it saw it. */
    static long awaitRows(Connection db, String table, long target, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Statement statement = db.createStatement()) {
            while (true) {
                long rows;
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                long now = System.nanoTime();
                if (rows >= target) {
                    return now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("only " + rows + " of " + target + " rows in " + table + " within " + timeout);
                }
                Bench.pause(50);
            }
        }
    }
}

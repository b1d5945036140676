package dev.nyt.fanout.faults;

import dev.nyt.events.NotificationCreated;
import dev.nyt.fanout.faults.NotificationLog.Arrival;
import dev.nyt.fanout.faults.PacedLoad.Sent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the fault suite measured, per phase: the load held (accepted events a second), the latency from an
 * event's send to its last subscriber's notification becoming readable (p50, p99, max), and notifications lost
 * or doubled against the load's own record.
 */
record Figures(List<Row> rows, Map<String, Duration> restarts, long lost, long doubled, int marks, int joins,
               int rate, Duration phase, int standby, boolean staticMembers) {

    record Row(String phase, int events, long notifications, double seconds, long p50Ms, long p99Ms, long maxMs) {
    }

    static Figures of(Map<String, long[]> phases, List<Sent> sent, Map<String, Set<String>> audience,
                      List<Arrival> arrivals, Map<String, Duration> restarts, int marks, int joins, int rate, Duration phase,
                      int standby, boolean staticMembers) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Long> lastArrival = new HashMap<>();
        for (Arrival arrival : arrivals) {
            if (arrival.event() instanceof NotificationCreated c && c.userId().startsWith("u-")) {
                counts.computeIfAbsent(c.eventId(), e -> new HashMap<>()).merge(c.userId(), 1, Integer::sum);
                lastArrival.merge(c.eventId(), arrival.readAtNanos(), Math::max);
            }
        }
        long lost = 0;
        long doubled = 0;
        for (Sent event : sent) {
            Map<String, Integer> got = counts.getOrDefault(event.eventId(), Map.of());
            for (String user : audience.get(event.eventId())) {
                int n = got.getOrDefault(user, 0);
                lost += n == 0 ? 1 : 0;
                doubled += Math.max(0, n - 1);
            }
        }
        List<Row> rows = new ArrayList<>();
        phases.forEach((name, span) -> {
            List<Sent> inPhase = sent.stream().filter(s -> s.phase().equals(name)).toList();
            long[] latencies = inPhase.stream().filter(s -> lastArrival.containsKey(s.eventId()))
                    .mapToLong(s -> Duration.ofNanos(lastArrival.get(s.eventId()) - s.sentAtNanos()).toMillis())
                    .sorted().toArray();
            long owed = inPhase.stream().mapToLong(s -> audience.get(s.eventId()).size()).sum();
            double seconds = (span[1] - span[0]) / 1e9;
            rows.add(new Row(name, inPhase.size(), owed, seconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.length == 0 ? -1 : latencies[latencies.length - 1]));
        });
        return new Figures(rows, restarts, lost, doubled, marks, joins, rate, phase, standby, staticMembers);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("Fault suite (FanoutFaultIT), ").append(Instant.now()).append(": two fan-out JVMs, NYT_STANDBY_REPLICAS=").append(standby)
                .append(staticMembers ? ", static membership (NYT_INSTANCE_ID); " : ", dynamic membership; ")
                .append(rate).append(" events/s asked, 1 in 20 a broadcast to 100 users, the rest to 4 users; phases of ")
                .append(phase.toSeconds()).append(" s\n\n");
        out.append("| phase | events accepted | events/s held | notifications owed | latency p50 | p99 | max |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %,d | %d ms | %d ms | %d ms |%n", row.phase(),
                    row.events(), row.events() / row.seconds(), row.notifications(), row.p50Ms(), row.p99Ms(), row.maxMs()));
        }
        out.append("\n| restart | signal until /health/ready |\n| --- | ---: |\n");
        restarts.forEach((name, took) -> out.append(String.format(Locale.ROOT, "| %s | %.1f s |%n", name, took.toMillis() / 1000.0)));
        out.append(String.format(Locale.ROOT, "%nlost %d, doubled %d (of %,d owed); %d mark-reads confirmed once each; %d users subscribed during the load%n",
                lost, doubled, rows.stream().mapToLong(Row::notifications).sum(), marks, joins));
        return out.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(markdown());
    }
}

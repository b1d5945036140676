package dev.nyt.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the results: the generated part of {@code BENCHMARKS.md} (between markers, so hand-written analysis
 * around it survives a re-run) and every raw value in {@code benchmarks.json}.
 */
final class Report {

    static final String START = "<!-- bench/run: generated table starts -->";
    static final String END = "<!-- bench/run: generated table ends -->";

    private final Bench.Sizes sizes;
    private final String command;
    private final Instant startedAt;
    private final String loadAtStart;
    private List<Row> rows = List.of();
    private Map<String, Memory.Peak> memory = Map.of();
    private double seconds;
    private String loadAtEnd;

    Report(Bench.Sizes sizes, String command, Instant startedAt, String loadAtStart) {
        this.sizes = sizes;
        this.command = command;
        this.startedAt = startedAt;
        this.loadAtStart = loadAtStart;
    }

    void memory(Map<String, Memory.Peak> peaks) {
        this.memory = Map.copyOf(new LinkedHashMap<>(peaks));
        this.memoryOrder = new ArrayList<>(peaks.values());
    }

    private List<Memory.Peak> memoryOrder = List.of();

    void finish(List<Row> measured, double elapsedSeconds, String load) {
        this.rows = measured;
        this.seconds = elapsedSeconds;
        this.loadAtEnd = load;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }

    void write(Path markdown, Path json) throws IOException {
        String generated = START + "\n" + markdown() + END + "\n";
        String text = generated;
        if (Files.exists(markdown)) {
            String old = Files.readString(markdown);
            int s = old.indexOf(START);
            int e = old.indexOf(END);
            if (s >= 0 && e > s) {
                text = old.substring(0, s) + generated + old.substring(e + END.length()).replaceFirst("^\n", "");
            } else {
                text = old + "\n" + generated;
            }
        } else {
            text = "# nyt benchmarks\n\n" + generated;
        }
        Files.writeString(markdown, text);
        Files.writeString(json, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(raw()) + "\n");
    }

    private Map<String, Object> raw() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("mode", sizes.mode());
        root.put("sizes", sizes);
        root.put("startedAt", startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("elapsedSeconds", Math.round(seconds));
        root.put("loadAverageAtStart", loadAtStart);
        root.put("loadAverageAtEnd", loadAtEnd);
        root.put("machine", machine());
        root.put("serviceSettingsFromEnvironment", Stack.knobsInEffect());
        List<Map<String, Object>> figures = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", row.id);
            f.put("figure", row.figure);
            f.put("unit", row.unit);
            f.put("values", row.values);
            f.put("median", row.ok() ? row.median() : null);
            f.put("bar", row.bar);
            f.put("barMet", row.barMet());
            f.put("error", row.error);
            f.put("references", row.refs.stream().map(ref -> Map.of("name", ref.name(), "value", ref.value(),
                    "source", ref.source(), "ratio", row.ok() ? row.ratio(ref) : Double.NaN)).toList());
            f.put("details", row.details);
            figures.add(f);
        }
        root.put("figures", figures);
        root.put("memory", memoryOrder);
        return root;
    }

    private static Map<String, String> machine() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        facts.put("cpuModel", firstMatching(Path.of("/proc/cpuinfo"), "model name").map(l -> l.replaceFirst(".*:\\s*", "")).orElse("?"));
        facts.put("memTotal", firstMatching(Path.of("/proc/meminfo"), "MemTotal").map(l -> l.replaceFirst(".*:\\s*", "")).orElse("?"));
        facts.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        facts.put("maxHeapMiB", String.valueOf(Memory.maxHeap() >> 20));
        return facts;
    }

    private static java.util.Optional<String> firstMatching(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        Map<String, String> m = machine();
        md.append(String.format(Locale.ROOT, "Produced by `%s` (%s mode, %d run%s per figure after one warm-up where noted), "
                        + "started %s, took %.0f s.%n%n", command, sizes.mode(), sizes.runs(), sizes.runs() == 1 ? "" : "s",
                startedAt.truncatedTo(ChronoUnit.SECONDS), seconds));
        md.append("Machine: ").append(m.get("cpus")).append(" CPUs (").append(m.get("cpuModel")).append("), ")
                .append(m.get("memTotal")).append(" RAM, ").append(m.get("kernel")).append(", ").append(m.get("java"))
                .append(", max heap ").append(m.get("maxHeapMiB")).append(" MiB.  \n");
        md.append("JVM arguments: `").append(m.get("jvmArgs")).append("`  \n");
        md.append("Service settings: defaults, except `NYT_DIGEST_TICK_SECONDS=1` in the digest figure")
                .append(Stack.knobsInEffect().isEmpty() ? "" : " and, from the environment, " + Stack.knobsInEffect().entrySet()
                        .stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", ")))
                .append("; 6 partitions per topic; exactly_once_v2.  \n");
        md.append("Load average (1, 5, 15 min) at start: **").append(loadAtStart).append("**, at end: ")
                .append(loadAtEnd).append(".");
        double load1 = parseLoad(loadAtStart);
        if (load1 > 3) {
            md.append(" **The load at start was above 3: other work shared the 2 cores, so the figures are low.**");
        }
        md.append("\n\n").append(table(rows)).append("\n");
        md.append("Ratio = how many times better nyt is than the reference (nyt/ref for rates, ref/nyt for latencies).\n\n");
        md.append("Memory: the broker, the services and the load generator share one JVM; per phase, the peak heap used "
                + "(sampled every 50 ms, garbage included), the peak heap still used right after a collection (the live "
                + "set, what a smaller -Xmx must hold), the sum of the heap pools' peaks (an upper bound) and the peak "
                + "RSS (VmHWM, reset at each phase start through /proc/self/clear_refs):\n\n");
        md.append("| phase | peak heap used (MiB) | peak heap after GC (MiB) | heap pools' peaks summed (MiB) | peak RSS VmHWM (MiB) |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (Memory.Peak peak : memoryOrder) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d%s |%n", peak.phase(), peak.heapUsedSampledPeak() >> 20,
                    peak.heapAfterGcPeak() >> 20, peak.heapPoolPeaksSum() >> 20, peak.vmHwm() >> 20, peak.vmHwmReset() ? "" : " (since JVM start)"));
        }
        md.append("\n");
        return md.toString();
    }

    private static double parseLoad(String load) {
        try {
            return Double.parseDouble(load.split("\\s+")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    String table(List<Row> measured) {
        StringBuilder md = new StringBuilder();
        md.append("| figure | nyt median | min–max | runs | SPEC §6 bar | met | reference | reference median | ratio |\n");
        md.append("|---|---:|---:|---:|---|---|---|---:|---:|\n");
        for (Row row : measured) {
            if (!row.ok()) {
                md.append(String.format(Locale.ROOT, "| %s | failed: %s | | 0 | %s | no | | | |%n", row.figure,
                        row.error == null ? "no value" : row.error, row.bar == null ? "" : row.bar));
                continue;
            }
            String met = row.barMet() == null ? "" : row.barMet() ? "**yes**" : "no";
            String refs = row.refs.stream().map(ref -> ref.name() + " (" + ref.source() + ")").collect(Collectors.joining("<br>"));
            String refValues = row.refs.stream().map(ref -> fmt(ref.value())).collect(Collectors.joining("<br>"));
            String ratios = row.refs.stream().map(ref -> String.format(Locale.ROOT, "%s×", fmtRatio(row.ratio(ref))))
                    .collect(Collectors.joining("<br>"));
            String runs = row.error == null ? String.valueOf(row.values.size())
                    : row.values.size() + " of " + sizes.runs() + " (then failed: " + row.error + ")";
            md.append(String.format(Locale.ROOT, "| %s | %s %s | %s–%s | %s | %s | %s | %s | %s | %s |%n", row.figure,
                    fmt(row.median()), row.unit, fmt(Stats.min(row.values)), fmt(Stats.max(row.values)), runs,
                    row.bar == null ? "" : row.bar, met, refs, refValues, ratios));
        }
        return md.toString();
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String fmtRatio(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%,.0f", ratio) : String.format(Locale.ROOT, "%.2f", ratio);
    }
}

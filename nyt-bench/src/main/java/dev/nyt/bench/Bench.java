package dev.nyt.bench;

import dev.nyt.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The SPEC §6 benchmark: starts a broker in this JVM, the services per figure on their own topics and database,
 * measures every figure (a failure is recorded in its row and the others still run), compares with the raw
 * references and django-nyt, and writes {@code BENCHMARKS.md} and {@code benchmarks.json}. Run it with
 * {@code bench/run}.
 *
 * <p>Arguments: {@code [--quick] [--only broadcast,narrow,read,digest,system,scale,refs] [--out DIR] [--command TEXT]
 * [--django-results FILE.md] [--profile FILE.jfr] [--profile-phase broadcast|narrow|read|digest|system]}: the profile covers
 * the timed broadcast runs, or the whole named phase.
 */
public final class Bench {

    /** The sizes of one mode. */
    record Sizes(String mode, int runs, int broadcastSubscribers, int narrowKeys, int narrowEvents, int latencyRate,
                 int latencySeconds, int readUsers, int readPerUser, int wrkSeconds, int digestUsers,
                 int copySmall, int copyLarge, int producerRecords, int scaleUsers) {

        static Sizes full() {
            return new Sizes("full", 3, 100_000, 5_000, 20_000, 1_000, 20, 1_000, 1_000, 15, 10_000,
                    100_000, 1_000_000, 1_000_000, 1_000_000);
        }

        static Sizes quick() {
            return new Sizes("quick", 1, 2_000, 200, 600, 1_000, 2, 100, 100, 2, 200, 10_000, 50_000, 50_000, 5_000);
        }
    }

    static final Set<String> FIGURES = Set.of("broadcast", "narrow", "read", "digest", "system", "scale", "refs");

    private Bench() {
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            run(args);
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.exit(status);  // the broker's and services' non-daemon threads
        }
    }

    private static void run(String[] args) throws Exception {
        Sizes sizes = Sizes.full();
        Set<String> only = new LinkedHashSet<>(List.of("refs", "broadcast", "narrow", "read", "digest", "system"));
        Path out = Path.of("docs");
        String command = "bench/run";
        Path djangoResults = null;
        Path profile = null;
        String profilePhase = "broadcast";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> sizes = Sizes.quick();
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                    if (!FIGURES.containsAll(only)) {
                        throw new IllegalArgumentException("--only takes some of " + FIGURES + ", was " + only);
                    }
                }
                case "--out" -> out = Path.of(args[++i]);
                case "--command" -> command = args[++i];
                case "--django-results" -> djangoResults = Path.of(args[++i]);
                case "--profile" -> profile = Path.of(args[++i]);
                case "--profile-phase" -> profilePhase = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Report report = new Report(sizes, command, Instant.now(), Report.loadAverage());
        long started = System.nanoTime();
        log("nyt bench, %s mode, figures %s, max heap %d MiB", sizes.mode(), only, Memory.maxHeap() >> 20);
        List<Row> rows = new ArrayList<>();
        try (Memory memory = new Memory()) {
            phase(memory, "broker start", () -> {
                TestKafka.bootstrapServers();
                return List.of();
            });
            Sizes s = sizes;
            if (only.contains("refs")) {
                rows.addAll(phase(memory, "references", () -> List.of(
                        References.copy(s.copySmall(), s.runs()),
                        References.copy(s.copyLarge(), s.runs()),
                        References.kafkaProducer(s.producerRecords(), s.runs()))));
            }
            Path jfr = profile;
            if (only.contains("broadcast")) {
                Recording[] recording = {null};
                boolean on = profilePhase.equals("broadcast");
                rows.addAll(phase(memory, "broadcast (fan-out + query API)", () -> PipelineFigures.broadcast(s,
                        () -> recording[0] = on ? startRecording(jfr) : null, () -> stopRecording(recording[0], jfr))));
            }
            if (only.contains("narrow")) {
                rows.addAll(profiled(profilePhase.equals("narrow") ? jfr : null, () ->
                        phase(memory, "narrow + latency (fan-out + query API)", () -> PipelineFigures.narrowAndLatency(s))));
            }
            if (only.contains("read")) {
                rows.addAll(profiled(profilePhase.equals("read") ? jfr : null, () ->
                        phase(memory, "read API (query API)", () -> ReadFigure.run(s))));
            }
            if (only.contains("digest")) {
                rows.addAll(profiled(profilePhase.equals("digest") ? jfr : null, () ->
                        phase(memory, "digest (fan-out + digest)", () -> DigestFigure.run(s))));
            }
            if (only.contains("system")) {
                rows.addAll(profiled(profilePhase.equals("system") ? jfr : null, () ->
                        phase(memory, "system (all services, JWT)", () -> SystemFigure.run(s))));
            }
            if (only.contains("scale")) { // only when asked: minutes at its full size
                rows.addAll(profiled(profilePhase.equals("scale") ? jfr : null, () ->
                        phase(memory, "scale (all services, 1 broadcast to every user)", () -> ScaleFigure.run(s))));
            }
            report.memory(memory.peaks());
        }
        DjangoReference.attach(rows, DjangoReference.load(djangoResults));
        report.finish(rows, (System.nanoTime() - started) / 1e9, Report.loadAverage());
        Files.createDirectories(out);
        report.write(out.resolve("BENCHMARKS.md"), out.resolve("benchmarks.json"));
        System.out.println(report.table(rows));
        log("wrote %s and %s in %.0f s", out.resolve("BENCHMARKS.md"), out.resolve("benchmarks.json"),
                (System.nanoTime() - started) / 1e9);
    }

    private static List<Row> phase(Memory memory, String name, Supplier<List<Row>> body) {
        System.gc();
        boolean reset = memory.begin();
        long t = System.nanoTime();
        List<Row> rows;
        try {
            rows = body.get();
        } catch (RuntimeException | Error e) {  // a figure must never stop the others
            Row row = new Row("phase-" + name, name, "", true);
            fail(e, row);
            rows = List.of(row);
        }
        Memory.Peak peak = memory.end(name, reset);
        log("phase %s done in %.0f s; peak heap used %d MiB, VmHWM %d MiB", name, (System.nanoTime() - t) / 1e9,
                peak.heapUsedSampledPeak() >> 20, peak.vmHwm() >> 20);
        return rows;
    }

    /** A whole phase under JFR (set-up included) when a file is given. */
    private static List<Row> profiled(Path file, Supplier<List<Row>> body) {
        Recording recording = startRecording(file);
        try {
            return body.get();
        } finally {
            stopRecording(recording, file);
        }
    }

    private static Recording startRecording(Path file) {
        if (file == null) {
            return null;
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("nyt-bench-broadcast");
            recording.start();
            log("JFR profile started");
            return recording;
        } catch (Exception e) {
            log("could not start JFR: %s", e);
            return null;
        }
    }

    private static void stopRecording(Recording recording, Path file) {
        if (recording == null) {
            return;
        }
        try {
            recording.stop();
            Files.createDirectories(file.toAbsolutePath().getParent());
            recording.dump(file);
            recording.close();
            log("JFR profile written to %s", file);
        } catch (Exception e) {
            log("could not write JFR: %s", e);
        }
    }

    static void fail(Throwable e, Row... rows) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getClass().getSimpleName() + ": " + root.getMessage();
        log("FAILED %s: %s", rows.length > 0 ? rows[0].id : "?", reason);
        e.printStackTrace();
        for (Row row : rows) {
            if (row.error == null) {  // runs already measured stay, marked partial
                row.fail(reason.replace('|', '/').replace('\n', ' '));
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %tT] %s%n", Instant.now().toEpochMilli(), String.format(Locale.ROOT, format, args));
    }
}

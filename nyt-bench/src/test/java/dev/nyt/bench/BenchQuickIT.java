package dev.nyt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness's smoke check, as CI runs it: the quick mode runs end to end in its own
 * JVM and writes a table with every figure. It asserts no timings: figures are measured by
 * {@code bench/run}, never by a test.
 */
class BenchQuickIT {

    @Test
    void quickModeWritesATableWithEveryFigure() throws Exception {
        Path out = Path.of("target", "bench-smoke").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                Bench.class.getName(), "--quick", "--out", out.toString(), "--command", "BenchQuickIT");
        builder.redirectErrorStream(true).redirectOutput(Files.createDirectories(out).resolve("console.log").toFile());

        Process bench = builder.start();
        boolean finished = bench.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            bench.destroyForcibly().waitFor();
        }

        assertThat(finished).as("the quick mode finished within 5 minutes (see %s)", out.resolve("console.log")).isTrue();
        assertThat(bench.exitValue()).as("exit code (see %s)", out.resolve("console.log")).isZero();
        String table = Files.readString(out.resolve("BENCHMARKS.md"));
        assertThat(table).contains("broadcast 1 key", "narrow", "latency publish", "read API", "digest", "raw COPY",
                "system (all services, JWT reads");
        assertThat(out.resolve("benchmarks.json")).isNotEmptyFile();
        assertThat(table.lines().filter(line -> line.startsWith("| broadcast 1 key")))
                .as("the broadcast figure, nyt's core path, was measured")
                .isNotEmpty()
                .noneMatch(line -> line.contains("failed"));
        assertThat(table.lines().filter(line -> line.startsWith("| system")))
                .as("the whole system, as users run it, was measured")
                .hasSizeGreaterThanOrEqualTo(4)
                .noneMatch(line -> line.contains("failed"));
    }
}

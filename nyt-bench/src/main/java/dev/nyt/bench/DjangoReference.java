package dev.nyt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * django-nyt's figures from a run of its harness ({@code baselines/django-nyt}, its {@code results/run-*.md}
 * table), and the raw references measured in this run, attached to the nyt rows they are compared with.
 */
final class DjangoReference {

    static final Path RECORDED = Path.of("/work/shared/baselines/django-nyt/results/run-20261123T215136Z.md");

    record Source(Path file, Map<String, Double> medians) {

        Optional<Double> find(String scenarioStart, String metricStart) {
            return medians.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(scenarioStart)
                            && e.getKey().substring(e.getKey().indexOf('|') + 1).startsWith(metricStart))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    private DjangoReference() {
    }

    static Optional<Source> load(Path file) {
        Path chosen = file != null ? file : RECORDED;
        try {
            Map<String, Double> medians = new HashMap<>();
            for (String line : Files.readAllLines(chosen)) {
                String[] cells = line.split("\\|");
                if (cells.length < 5 || !cells[1].strip().matches("[a-e]\\. .*")) {
                    continue;
                }
                try {
                    medians.put(cells[1].strip() + "|" + cells[2].strip(), Double.parseDouble(cells[3].strip().replace(",", "")));
                } catch (NumberFormatException e) {
                    // a header or a note
                }
            }
            return Optional.of(new Source(chosen, medians));
        } catch (IOException e) {
            Bench.log("no django-nyt results at %s: %s", chosen, e);
            return Optional.empty();
        }
    }

    static void attach(List<Row> rows, Optional<Source> django) {
        Map<String, Row> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.id, row));
        Row copy = byId.get("ref-copy-100000");
        Row producer = byId.get("ref-kafka");
        if (copy != null && copy.ok()) {
            with(byId, "broadcast-pg", r -> r.ref("raw COPY 100,000 rows", copy.median(), "this run"));
        }
        if (producer != null && producer.ok()) {
            with(byId, "broadcast-kafka", r -> r.ref("raw Kafka producer, 300 B, acks=all", producer.median(), "this run"));
        }
        django.ifPresent(source -> {
            String from = "django-nyt " + source.file().getFileName();
            source.find("a. broadcast S=10,000", "notifications/s, K=1").ifPresent(v -> {
                with(byId, "broadcast-pg", r -> r.ref("django-nyt broadcast S=10,000", v, from));
                with(byId, "broadcast-kafka", r -> r.ref("django-nyt broadcast S=10,000", v, from));
            });
            source.find("b. narrow", "notify() calls/s").ifPresent(v -> {
                with(byId, "narrow-pg", r -> r.ref("django-nyt narrow 2,000 keys × 3", v, from));
                with(byId, "narrow-kafka", r -> r.ref("django-nyt narrow 2,000 keys × 3", v, from));
            });
            source.find("d. read", "HTTP req/s (CONN_MAX_AGE=60)")
                    .ifPresent(v -> with(byId, "read-rps", r -> r.ref("django-nyt HTTP, 200,000 rows", v, from)));
            source.find("d. read", "HTTP p50 latency (CONN_MAX_AGE=60)")
                    .ifPresent(v -> with(byId, "read-p50", r -> r.ref("django-nyt HTTP, 200,000 rows", v, from)));
            source.find("d. read", "HTTP p99 latency (CONN_MAX_AGE=60)")
                    .ifPresent(v -> with(byId, "read-p99", r -> r.ref("django-nyt HTTP, 200,000 rows", v, from)));
            source.find("e. notifymail", "SMTP sink (127.0.0.1), e-mails/s").ifPresent(v -> {
                with(byId, "digest-smtp", r -> r.ref("django-nyt notifymail, SMTP sink", v, from));
                with(byId, "digest-events", r -> r.ref("django-nyt notifymail, SMTP sink", v, from));
            });
        });
    }

    private static void with(Map<String, Row> byId, String id, java.util.function.Consumer<Row> action) {
        Row row = byId.get(id);
        if (row != null) {
            action.accept(row);
        }
    }
}

package dev.nyt.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedMetricsTest {

    @Test
    void eachFamilyOnceWithTheSamplesOfEveryService() {
        PrometheusMeterRegistry fanout = registry("nyt-fanout");
        PrometheusMeterRegistry digest = registry("nyt-digest-processor");
        fanout.counter("nyt_dead_letters").increment(2);
        digest.counter("nyt_dead_letters").increment(3);
        digest.counter("nyt_digests_sent").increment();

        String merged = new MergedMetrics(List.of(fanout::scrape, digest::scrape)).get();

        assertThat(merged.lines().filter(line -> line.startsWith("# TYPE nyt_dead_letters_total "))).hasSize(1);
        assertThat(merged.lines().filter(line -> line.startsWith("# HELP nyt_dead_letters_total"))).hasSize(1);
        assertThat(merged).contains("nyt_dead_letters_total{service=\"nyt-fanout\"} 2.0",
                "nyt_dead_letters_total{service=\"nyt-digest-processor\"} 3.0",
                "nyt_digests_sent_total{service=\"nyt-digest-processor\"} 1.0");
        // the samples of a family follow its header
        List<String> lines = merged.lines().toList();
        int type = lines.indexOf("# TYPE nyt_dead_letters_total counter");
        assertThat(lines.subList(type + 1, type + 3)).allSatisfy(line -> assertThat(line).startsWith("nyt_dead_letters_total{"));
    }

    private static PrometheusMeterRegistry registry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        return registry;
    }
}

package dev.nyt.runtime;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready} (200 or 503
 * with each check's state as JSON), installed into any Javalin config: the processors serve only
 * these, the query API serves them beside its API.
 */
public final class OpsRoutes {

    private OpsRoutes() {
    }

    public static void install(JavalinConfig config, PrometheusMeterRegistry registry, List<? extends HealthCheck> checks) {
        install(config, registry::scrape, checks);
    }

    /** The same, with {@code /metrics} answering {@code scrape} (several services in one JVM merge theirs). */
    public static void install(JavalinConfig config, Supplier<String> scrape, List<? extends HealthCheck> checks) {
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(scrape.get()));
        config.routes.get("/health/live", ctx -> answer(ctx, checks, true));
        config.routes.get("/health/ready", ctx -> answer(ctx, checks, false));
    }

    private static void answer(io.javalin.http.Context ctx, List<? extends HealthCheck> checks, boolean liveness) {
        Map<String, String> states = new LinkedHashMap<>();
        boolean ok = true;
        for (HealthCheck check : checks) {
            boolean up = liveness ? check.live() : check.ready();
            states.put(check.name(), up ? "UP" : "DOWN");
            ok &= up;
        }
        ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", ok ? "UP" : "DOWN", "checks", states));
    }
}

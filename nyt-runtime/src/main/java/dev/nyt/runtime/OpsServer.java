package dev.nyt.runtime;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/** A Javalin server with only the operations routes, for the processors. */
public final class OpsServer implements AutoCloseable {

    private final Javalin app;

    private OpsServer(Javalin app) {
        this.app = app;
    }

    public static OpsServer start(int port, PrometheusMeterRegistry registry, List<? extends HealthCheck> checks) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJson());
            OpsRoutes.install(config, registry, checks);
        }).start(port);
        return new OpsServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

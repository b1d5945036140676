package dev.nyt.fanout;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Metrics;
import dev.nyt.runtime.OpsServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the fan-out processor: configuration from the environment, /metrics and /health, stop on SIGTERM. */
public final class FanoutMain {

    private static final Logger log = LoggerFactory.getLogger(FanoutMain.class);

    private FanoutMain() {
    }

    public static void main(String[] args) {
        FanoutConfig config;
        var registry = Metrics.newRegistry(FanoutService.NAME);
        FanoutService service;
        try {
            config = FanoutConfig.fromEnv(Env.system());
            service = FanoutService.start(config, registry);
        } catch (ConfigException e) {
            // a bad variable, a login the broker refuses, a trust store that does not trust it
            System.err.println(FanoutService.NAME + " cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        OpsServer ops = OpsServer.start(config.httpPort(), registry, List.of(service));
        log.info("nyt-fanout-processor running against {}; /metrics and /health on port {}",
                config.kafka().bootstrap(), ops.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ops.close();
            service.close();
        }, "nyt-fanout-shutdown"));
    }
}

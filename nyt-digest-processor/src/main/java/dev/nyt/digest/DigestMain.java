package dev.nyt.digest;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Metrics;
import dev.nyt.runtime.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the digest processor alone: configuration from the environment, /metrics and /health on NYT_HTTP_PORT. */
public final class DigestMain {

    private static final Logger log = LoggerFactory.getLogger(DigestMain.class);

    private DigestMain() {
    }

    /** The running service and its operations server; closing stops both. */
    public record Running(DigestProcessor processor, OpsServer ops) implements AutoCloseable {
        @Override
        public void close() {
            ops.close();
            processor.close();
        }
    }

    /** Wires and starts everything from {@code env}; a bad value is a {@link ConfigException} naming it. */
    public static Running start(Map<String, String> env) {
        DigestConfig config = DigestConfig.fromEnv(env);
        PrometheusMeterRegistry registry = Metrics.newRegistry(DigestProcessor.NAME);
        DigestProcessor processor = new DigestProcessor(config, registry);
        try {
            OpsServer ops = OpsServer.start(config.httpPort(), registry, processor.healthChecks());
            processor.start();
            log.info("{} started; operations on port {}", DigestProcessor.NAME, ops.port());
            return new Running(processor, ops);
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
    }

    public static void main(String[] args) {
        Running running;
        try {
            running = start(System.getenv());
        } catch (ConfigException e) {
            log.error("Configuration error, not starting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "nyt-digest-shutdown"));
    }
}

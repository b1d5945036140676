package dev.nyt.digest.schedule;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.metrics.DigestMetrics;
import dev.nyt.digest.template.DigestRenderer;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * What the digest topology needs besides its topics: the configuration, the renderer, the pool
 * that sends mail, the meters, and the source of retry jitter (in [0, 1); fixed in tests).
 * Shared by every task and stream thread of one processor.
 */
public record DigestRuntime(
        DigestConfig config,
        DigestRenderer renderer,
        SendPool mail,
        DigestMetrics metrics,
        DoubleSupplier jitter) {

    public DigestRuntime {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(jitter, "jitter");
    }
}

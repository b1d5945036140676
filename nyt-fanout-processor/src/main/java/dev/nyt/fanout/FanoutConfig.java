package dev.nyt.fanout;

import dev.nyt.runtime.Env;
import dev.nyt.runtime.Intervals;
import dev.nyt.runtime.KafkaConfig;
import java.time.Duration;

/**
 * The fan-out processor's configuration, from the environment.
 *
 * @param httpPort       {@code NYT_HTTP_PORT} for /metrics and /health (default 8080; 0 picks a free one)
 * @param dedupRetention {@code NYT_DEDUP_RETENTION_HOURS}: how long a NotifyRequested eventId is remembered (default 168)
 * @param streamThreads  {@code NYT_STREAM_THREADS} (default 1)
 */
public record FanoutConfig(KafkaConfig kafka, int httpPort, Intervals intervals, Duration dedupRetention,
                           int streamThreads) {

    public static final String APPLICATION_ID = "nyt-fanout";

    public static FanoutConfig fromEnv(Env env) {
        return new FanoutConfig(
                KafkaConfig.fromEnv(env),
                env.integer("NYT_HTTP_PORT", 8080, 0, 65_535),
                Intervals.fromEnv(env),
                Duration.ofHours(env.integer("NYT_DEDUP_RETENTION_HOURS", 168, 1, 24 * 365)),
                env.integer("NYT_STREAM_THREADS", 1, 1, 64));
    }
}

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
 * @param streamThreads  {@code NYT_STREAM_THREADS} (default {@value #DEFAULT_STREAM_THREADS}): the join and the
 *                       inbox are separate sub-topologies, so more threads can share a broadcast, but on two
 *                       cores shared with the broker and the projector a second thread measured no gain
 * @param commitInterval {@code NYT_FANOUT_COMMIT_INTERVAL_MS} (default {@value #DEFAULT_COMMIT_INTERVAL_MS}): how
 *                       often a task commits its transaction; a notification becomes visible to
 *                       {@code read_committed} readers only then, twice (join, then inbox), so this bounds the
 *                       latency from below; shorter costs throughput
 * @param chunk          {@code NYT_FANOUT_CHUNK} (default {@value FanoutSettings#DEFAULT_CHUNK}): index entries one
 *                       step of a fan-out walk visits at most; a broadcast to more subscribers of one task goes on
 *                       in further steps, each pending walk one step in turn
 */
public record FanoutConfig(KafkaConfig kafka, int httpPort, Intervals intervals, Duration dedupRetention,
                           int streamThreads, Duration commitInterval, int chunk) {

    public static final String APPLICATION_ID = "nyt-fanout";
    static final int DEFAULT_STREAM_THREADS = 1;
    static final int DEFAULT_COMMIT_INTERVAL_MS = 20;

    public static FanoutConfig fromEnv(Env env) {
        return new FanoutConfig(
                KafkaConfig.fromEnv(env),
                env.integer("NYT_HTTP_PORT", 8080, 0, 65_535),
                Intervals.fromEnv(env),
                Duration.ofHours(env.integer("NYT_DEDUP_RETENTION_HOURS", 168, 1, 24 * 365)),
                env.integer("NYT_STREAM_THREADS", DEFAULT_STREAM_THREADS, 1, 64),
                Duration.ofMillis(env.integer("NYT_FANOUT_COMMIT_INTERVAL_MS", DEFAULT_COMMIT_INTERVAL_MS, 1, 60_000)),
                env.integer("NYT_FANOUT_CHUNK", FanoutSettings.DEFAULT_CHUNK, 1, 1_000_000));
    }
}

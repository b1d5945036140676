package dev.nyt.digest.config;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.time.Duration;

/**
 * Backoff for digests whose mail failed transiently: the n-th retry waits
 * {@code min(max, initial * 2^(n-1))}, of which a random half is jitter.
 * {@code NYT_SMTP_RETRY_INITIAL_SECONDS} (default 5), {@code NYT_SMTP_RETRY_MAX_SECONDS} (default 900).
 */
public record RetrySettings(Duration initial, Duration max) {

    public static final String INITIAL = "NYT_SMTP_RETRY_INITIAL_SECONDS";
    public static final String MAX = "NYT_SMTP_RETRY_MAX_SECONDS";

    public static RetrySettings fromEnv(Env env) {
        Duration initial = env.seconds(INITIAL, Duration.ofSeconds(5), 1, 3_600);
        Duration max = env.seconds(MAX, Duration.ofMinutes(15), 1, 86_400);
        if (max.compareTo(initial) < 0) {
            throw new ConfigException(MAX, "must be at least " + INITIAL + " (" + initial.toSeconds() + "), was " + max.toSeconds());
        }
        return new RetrySettings(initial, max);
    }

    /**
     * The wait before retry number {@code attempt} (1 for the first retry), with {@code jitter} in
     * [0, 1) choosing where in the upper half of the exponential step it lands ("equal jitter").
     */
    public Duration delay(int attempt, double jitter) {
        long initialMs = initial.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long step = Math.min(max.toMillis(), initialMs << shift);
        long half = step / 2;
        return Duration.ofMillis(step - half + (long) (half * Math.min(Math.max(jitter, 0.0), 1.0)));
    }
}

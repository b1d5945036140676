package dev.nyt.digest.config;

import dev.nyt.runtime.Env;
import dev.nyt.runtime.Intervals;
import dev.nyt.runtime.KafkaConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the digest processor reads from the environment, parsed once at start into immutable
 * values; a bad value is a {@link dev.nyt.runtime.ConfigException} naming the variable.
 *
 * @param sendEmails   {@code NYT_SEND_EMAILS} (default true): false sends nothing at all
 * @param skipViewed   {@code NYT_EMAIL_SKIP_VIEWED} (default false, as django-nyt): leave out notifications already viewed
 * @param tick         {@code NYT_DIGEST_TICK_SECONDS} (default 5): how often due digests are looked for
 * @param batchSize    {@code NYT_DIGEST_BATCH_SIZE} (default 500): digests prepared or sent per punctuation and task
 * @param streamThreads {@code NYT_DIGEST_STREAM_THREADS} (default 1)
 * @param httpPort     {@code NYT_HTTP_PORT} (default 8080): /metrics and /health when run by {@code DigestMain}
 */
public record DigestConfig(
        KafkaConfig kafka,
        Intervals intervals,
        boolean sendEmails,
        boolean skipViewed,
        Duration tick,
        int batchSize,
        int streamThreads,
        int httpPort,
        EmailSettings email,
        SmtpSettings smtp,
        RetrySettings retry) {

    public static final String APPLICATION_ID = "nyt-digest-processor";

    public static final String SEND_EMAILS = "NYT_SEND_EMAILS";
    public static final String SKIP_VIEWED = "NYT_EMAIL_SKIP_VIEWED";
    public static final String TICK = "NYT_DIGEST_TICK_SECONDS";
    public static final String BATCH_SIZE = "NYT_DIGEST_BATCH_SIZE";
    public static final String STREAM_THREADS = "NYT_DIGEST_STREAM_THREADS";
    public static final String HTTP_PORT = "NYT_HTTP_PORT";

    public DigestConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(intervals, "intervals");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(retry, "retry");
    }

    public static DigestConfig fromEnv(Map<String, String> variables) {
        Env env = new Env(variables);
        return new DigestConfig(
                KafkaConfig.fromEnv(env),
                Intervals.fromEnv(env),
                env.bool(SEND_EMAILS, true),
                env.bool(SKIP_VIEWED, false),
                env.seconds(TICK, Duration.ofSeconds(5), 1, 3_600),
                env.integer(BATCH_SIZE, 500, 1, 100_000),
                env.integer(STREAM_THREADS, 1, 1, 64),
                env.integer(HTTP_PORT, 8080, 0, 65_535),
                EmailSettings.fromEnv(env),
                SmtpSettings.fromEnv(env),
                RetrySettings.fromEnv(env));
    }

    /** A copy sending through another SMTP server (the one-JVM launcher's mail catcher, tests). */
    public DigestConfig withSmtp(SmtpSettings newSmtp) {
        return new DigestConfig(kafka, intervals, sendEmails, skipViewed, tick, batchSize, streamThreads, httpPort,
                email, newSmtp, retry);
    }

    /** The label of an interval for templates ({@code digest}): "instantly", "daily", ... */
    public String intervalLabel(int minutes) {
        return intervals.label(minutes).orElseGet(() -> "every " + minutes + " minutes");
    }
}

package dev.nyt.digest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digest's meters, as Prometheus shows them:
 * {@code nyt_digest_emails_sent_total}, {@code nyt_digest_emails_failed_total} (permanent failures,
 * DigestFailed), {@code nyt_digest_emails_retried_total} (transient failures, tried again later),
 * {@code nyt_digest_notifications_marked_total} (interval "never": marked e-mailed, no mail),
 * {@code nyt_digest_pending_notifications}, {@code nyt_digest_oldest_pending_age_seconds} and
 * {@code nyt_digest_outbox_digests} (prepared digests waiting to be sent or retried).
 */
public final class DigestMetrics {

    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Counter marked;
    private final InstantSource clock;
    private final Map<String, PendingStats> tasks = new ConcurrentHashMap<>();

    public DigestMetrics(MeterRegistry registry, InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sent = Counter.builder("nyt.digest.emails.sent")
                .description("Digest e-mails the SMTP server accepted").register(registry);
        this.failed = Counter.builder("nyt.digest.emails.failed")
                .description("Digest e-mails given up for good (5xx, bad address, no address): DigestFailed").register(registry);
        this.retried = Counter.builder("nyt.digest.emails.retried")
                .description("Transient send failures (4xx, connection refused, timeout), each retried with backoff").register(registry);
        this.marked = Counter.builder("nyt.digest.notifications.marked")
                .description("Notifications of interval 'never' marked e-mailed without a mail").register(registry);
        Gauge.builder("nyt.digest.pending.notifications", this, DigestMetrics::pendingNotifications)
                .description("Notifications not yet e-mailed (waiting for their interval, or in a digest not yet sent)")
                .register(registry);
        Gauge.builder("nyt.digest.oldest.pending.age", this, DigestMetrics::oldestPendingAgeSeconds)
                .baseUnit("seconds")
                .description("How long the oldest notification not yet e-mailed has waited")
                .register(registry);
        Gauge.builder("nyt.digest.outbox.digests", this, DigestMetrics::outboxDigests)
                .description("Digests prepared and waiting to be sent or retried").register(registry);
    }

    /** The stats of one task, registered while the task runs here. */
    public PendingStats openTask(String taskId) {
        PendingStats stats = new PendingStats();
        tasks.put(taskId, stats);
        return stats;
    }

    public void closeTask(String taskId) {
        tasks.remove(taskId);
    }

    public void sent() {
        sent.increment();
    }

    public void failed() {
        failed.increment();
    }

    public void retried() {
        retried.increment();
    }

    public void marked(int notifications) {
        marked.increment(notifications);
    }

    public double pendingNotifications() {
        return tasks.values().stream().mapToLong(PendingStats::notifications).sum();
    }

    public double outboxDigests() {
        return tasks.values().stream().mapToLong(PendingStats::digests).sum();
    }

    public double oldestPendingAgeSeconds() {
        long oldest = tasks.values().stream().mapToLong(PendingStats::oldestPendingSince)
                .filter(since -> since >= 0).min().orElse(-1L);
        return oldest < 0 ? 0.0 : Math.max(0L, clock.millis() - oldest) / 1000.0;
    }

    public double sentCount() {
        return sent.count();
    }

    public double failedCount() {
        return failed.count();
    }

    public double retriedCount() {
        return retried.count();
    }
}

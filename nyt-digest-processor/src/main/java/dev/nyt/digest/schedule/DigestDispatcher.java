package dev.nyt.digest.schedule;

import dev.nyt.digest.mail.MailDeliveryException;
import dev.nyt.digest.mail.OutgoingMail;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.state.DigestState;
import dev.nyt.digest.state.OutboxDigest;
import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.EmailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a tick: hands the outbox digests whose next attempt has come to the send
 * pool ({@code NYT_SMTP_POOL_SIZE} at once), lets the stream thread prepare the next digests
 * meanwhile, then records each outcome. Accepted → {@code DigestSent},
 * removed, {@code lastSent} set. Transient → kept, next attempt after an exponential backoff with
 * jitter. Permanent → {@code DigestFailed}, removed. When the server cannot be reached at all, the
 * rest of the batch is skipped and sending pauses for the first backoff step, so an outage costs
 * one failed connection per pause, not one per digest, and the stream thread is never held long.
 */
final class DigestDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DigestDispatcher.class);

    private final DigestState state;
    private final DuePlanner planner;
    private final DigestPreparer preparer;
    private final DigestRuntime runtime;
    private final Consumer<EmailEvent> emit;
    private long pausedUntil = Long.MIN_VALUE;

    DigestDispatcher(DigestState state, DuePlanner planner, DigestPreparer preparer, DigestRuntime runtime,
                     Consumer<EmailEvent> emit) {
        this.state = state;
        this.planner = planner;
        this.preparer = preparer;
        this.runtime = runtime;
        this.emit = emit;
    }

    /** Whether sending pauses at {@code now} because the server could not be reached. */
    boolean paused(long now) {
        return now < pausedUntil;
    }

    /** Digests handed to the send pool, with their outcomes to come. */
    record InFlight(List<OutboxDigest> digests, SendPool.Batch batch) {

        static final InFlight NONE = new InFlight(List.of(), List::of);
    }

    /**
     * Hands up to {@code limit} sendable digests to the send pool and returns at once; none is
     * started after {@code budget} of real time. {@link #finish} records what became of them.
     */
    InFlight start(long now, int limit, Duration budget) {
        if (paused(now)) {
            return InFlight.NONE;
        }
        List<OutboxDigest> sendable = state.sendableUpTo(now, limit);
        if (sendable.isEmpty()) {
            return InFlight.NONE;
        }
        return new InFlight(sendable, runtime.mail().start(sendable.stream().map(OutboxDigest::mail).toList(), budget));
    }

    /** Waits for the digests of {@link #start} and records each outcome; answers how many were tried. */
    int finish(InFlight flight, long now) {
        List<SendPool.Outcome> outcomes = flight.batch().outcomes();
        int tried = 0;
        boolean unavailable = false;
        for (int i = 0; i < outcomes.size(); i++) {
            SendPool.Outcome outcome = outcomes.get(i);
            if (outcome.skipped()) {
                continue; // still in the send queue: a later punctuation sends it
            }
            tried++;
            unavailable |= record(flight.digests().get(i), outcome, now);
        }
        if (unavailable) {
            pausedUntil = now + runtime.config().retry().initial().toMillis();
            log.warn("SMTP server {} cannot be reached; sending pauses until the next attempt",
                    runtime.mail().sender());
        }
        return tried;
    }

    /** Records one outcome; answers whether the server could not be reached. */
    private boolean record(OutboxDigest digest, SendPool.Outcome outcome, long now) {
        if (outcome.sent()) {
            sent(digest, now);
            return false;
        }
        MailDeliveryException failure = outcome.failure();
        if (failure.retryable()) {
            retry(digest, failure, now);
            return failure.kind() == MailDeliveryException.Kind.UNAVAILABLE;
        }
        failed(digest, failure.reason(), now);
        return false;
    }

    private void sent(OutboxDigest digest, long now) {
        Instant at = Instant.ofEpochMilli(now);
        OutgoingMail mail = digest.mail();
        emit.accept(new DigestSent(digest.digestId(), mail.messageId(), digest.userId(), digest.settingsId(), mail.to(),
                mail.subject(), digest.template(), digest.interval(), digest.notificationIds(), digest.subscriptionIds(), at));
        state.removeFromOutbox(digest);
        preparer.markSent(digest.userId(), digest.subscriptionIds(), at);
        runtime.metrics().sent();
        log.info("Sent digest {} ({} notifications) to user {}", digest.digestId(), digest.items().size(), digest.userId());
        planNextIfDrained(digest);
    }

    private void retry(OutboxDigest digest, MailDeliveryException failure, long now) {
        int attempt = digest.attempts() + 1;
        Duration delay = runtime.config().retry().delay(attempt, runtime.jitter().getAsDouble());
        state.reschedule(digest, digest.retryAt(now + delay.toMillis(), failure.reason()));
        runtime.metrics().retried();
        log.warn("Digest {} of user {} not sent ({}), attempt {}; trying again in {} ms",
                digest.digestId(), digest.userId(), failure.reason(), attempt, delay.toMillis());
    }

    private void failed(OutboxDigest digest, String reason, long now) {
        emit.accept(new DigestFailed(digest.digestId(), digest.userId(), digest.settingsId(), digest.mail().to(),
                digest.notificationIds(), digest.subscriptionIds(), reason, Instant.ofEpochMilli(now)));
        state.removeFromOutbox(digest);
        runtime.metrics().failed();
        log.warn("Digest {} of user {} rejected for good: {}", digest.digestId(), digest.userId(), reason);
        planNextIfDrained(digest);
    }

    /** Notifications that arrived while the digest waited go out in the next one. */
    private void planNextIfDrained(OutboxDigest digest) {
        if (!state.hasOutbox(digest.userId(), digest.settingsId())) {
            planner.drained(digest.userId(), digest.settingsId());
        }
    }
}

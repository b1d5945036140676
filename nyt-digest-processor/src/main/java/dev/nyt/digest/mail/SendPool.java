package dev.nyt.digest.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a batch of mails over up to {@code size} threads (one per pooled SMTP connection) while
 * the caller goes on with other work, and reports each mail's outcome in order once the caller
 * {@linkplain Batch#outcomes() asks}. A mail is only started before the batch's deadline and
 * before any mail of the batch found the server {@linkplain MailDeliveryException.Kind#UNAVAILABLE
 * unreachable}; the others are {@linkplain Outcome#skipped() skipped}, untouched, for a later batch.
 * With {@code size} 1 it sends on the calling thread, when the batch is started.
 * An {@link Error} thrown by the sender is rethrown to the caller: it is a crash, not a failed mail.
 */
public final class SendPool implements AutoCloseable {

    /** What became of one mail: sent ({@code failure} null), failed, or not tried at all. */
    public record Outcome(boolean tried, MailDeliveryException failure) {

        public static final Outcome SENT = new Outcome(true, null);
        public static final Outcome SKIPPED = new Outcome(false, null);

        public static Outcome failed(MailDeliveryException failure) {
            return new Outcome(true, Objects.requireNonNull(failure, "failure"));
        }

        public boolean sent() {
            return tried && failure == null;
        }

        public boolean skipped() {
            return !tried;
        }
    }

    /** Mails on their way; {@link #outcomes()} waits for all of them. */
    public interface Batch {

        List<Outcome> outcomes();
    }

    private final MailSender sender;
    private final ExecutorService executor;

    public SendPool(MailSender sender, int size) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.executor = size <= 1 ? null : Executors.newFixedThreadPool(size, threads());
    }

    public MailSender sender() {
        return sender;
    }

    /** Starts sending; a mail not started within {@code budget} from now is skipped. */
    public Batch start(List<OutgoingMail> mails, Duration budget) {
        long deadlineNanos = System.nanoTime() + budget.toNanos();
        AtomicBoolean unreachable = new AtomicBoolean();
        if (executor == null || mails.size() == 1) {
            List<Outcome> outcomes = new ArrayList<>(mails.size());
            mails.forEach(mail -> outcomes.add(attempt(mail, deadlineNanos, unreachable)));
            return () -> outcomes;
        }
        List<Future<Outcome>> futures = new ArrayList<>(mails.size());
        mails.forEach(mail -> futures.add(executor.submit(() -> attempt(mail, deadlineNanos, unreachable))));
        return () -> {
            List<Outcome> outcomes = new ArrayList<>(futures.size());
            for (Future<Outcome> future : futures) {
                outcomes.add(await(future));
            }
            return outcomes;
        };
    }

    private Outcome attempt(OutgoingMail mail, long deadlineNanos, AtomicBoolean unreachable) {
        if (unreachable.get() || System.nanoTime() - deadlineNanos >= 0) {
            return Outcome.SKIPPED;
        }
        try {
            sender.send(mail);
            return Outcome.SENT;
        } catch (MailDeliveryException e) {
            if (e.kind() == MailDeliveryException.Kind.UNAVAILABLE) {
                unreachable.set(true);
            }
            return Outcome.failed(e);
        } catch (RuntimeException e) {
            // a sender bug or an unexpected library error: retried, never dropped
            return Outcome.failed(new MailDeliveryException(MailDeliveryException.Kind.TRANSIENT,
                    SmtpFailures.reason(e), e));
        }
    }

    private static Outcome await(Future<Outcome> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // the mail is on the wire: finish waiting for it, then restore the flag
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    return Outcome.failed(new MailDeliveryException(MailDeliveryException.Kind.TRANSIENT,
                            SmtpFailures.reason(e.getCause()), e.getCause()));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "nyt-digest-smtp-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

package dev.nyt.digest.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a wave of mails at once over up to {@code size} threads (one per pooled SMTP connection)
 * and reports each mail's outcome in order. With {@code size} 1 it sends on the calling thread.
 * An {@link Error} thrown by the sender is rethrown to the caller: it is a crash, not a failed mail.
 */
public final class SendPool implements AutoCloseable {

    /** What became of one mail: {@code failure} is null when it was accepted. */
    public record Outcome(MailDeliveryException failure) {

        public static final Outcome SENT = new Outcome(null);

        public boolean sent() {
            return failure == null;
        }
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

    public List<Outcome> sendAll(List<OutgoingMail> mails) {
        List<Outcome> outcomes = new ArrayList<>(mails.size());
        if (executor == null || mails.size() == 1) {
            mails.forEach(mail -> outcomes.add(attempt(mail)));
            return outcomes;
        }
        List<Future<Outcome>> futures = new ArrayList<>(mails.size());
        mails.forEach(mail -> futures.add(executor.submit(() -> attempt(mail))));
        for (Future<Outcome> future : futures) {
            outcomes.add(await(future));
        }
        return outcomes;
    }

    private Outcome attempt(OutgoingMail mail) {
        try {
            sender.send(mail);
            return Outcome.SENT;
        } catch (MailDeliveryException e) {
            return new Outcome(e);
        } catch (RuntimeException e) {
            // a sender bug or an unexpected library error: retried, never dropped
            return new Outcome(new MailDeliveryException(MailDeliveryException.Kind.TRANSIENT,
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
                    return new Outcome(new MailDeliveryException(MailDeliveryException.Kind.TRANSIENT,
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

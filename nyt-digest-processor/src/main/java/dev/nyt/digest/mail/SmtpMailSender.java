package dev.nyt.digest.mail;

import dev.nyt.digest.config.SmtpSettings;
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.email.EmailPopulatingBuilder;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends over SMTP with Simple Java Mail: one {@link Mailer} with its own pool of up to
 * {@code NYT_SMTP_POOL_SIZE} reused connections, synchronous sends (the caller decides on
 * concurrency), the digest's own Message-ID and an {@code X-Nyt-Digest-Id} header.
 * <p>
 * The mailer and its Jakarta Mail session are built once. Jakarta Mail 2.1 also looks up its
 * {@link StreamProvider} (the base64 / quoted-printable encoders) for every body part it writes,
 * and without the system property named after that interface the lookup is a {@link java.util.ServiceLoader}
 * scan of every jar on the class path. {@link #pinStreamProvider()} resolves the provider once and
 * names it in that property, the lookup's documented first step, so every later lookup is a class
 * name instead of a scan. A property set by the operator is left alone.
 */
public final class SmtpMailSender implements MailSender {

    public static final String DIGEST_ID_HEADER = "X-Nyt-Digest-Id";

    private static final Logger log = LoggerFactory.getLogger(SmtpMailSender.class);
    private static final int IDLE_CONNECTION_MILLIS = 5_000;

    private final Mailer mailer;
    private final String description;

    public SmtpMailSender(SmtpSettings smtp) {
        pinStreamProvider();
        int timeoutMillis = Math.toIntExact(smtp.timeout().toMillis());
        this.mailer = MailerBuilder
                .withSMTPServer(smtp.host(), smtp.port(), smtp.username().orElse(null), smtp.password().orElse(null))
                .withTransportStrategy(smtp.transport().strategy())
                .withSessionTimeout(timeoutMillis)
                // a pool of our own, so two senders in one JVM (tests, the one-JVM launcher) never share connections
                .withClusterKey(UUID.randomUUID())
                .withConnectionPoolCoreSize(0)
                .withConnectionPoolMaxSize(smtp.poolSize())
                .withConnectionPoolClaimTimeoutMillis(timeoutMillis)
                .withConnectionPoolExpireAfterMillis(IDLE_CONNECTION_MILLIS)
                .buildMailer();
        this.description = smtp.transport().name().toLowerCase(Locale.ROOT) + "://" + smtp.host() + ":" + smtp.port();
        log.info("Sending e-mail through {} with up to {} connections", description, smtp.poolSize());
    }

    /**
     * Names the {@link StreamProvider} Jakarta Mail finds in the system property it reads first,
     * unless that property is set already; answers the provider class in effect.
     */
    public static String pinStreamProvider() {
        String property = StreamProvider.class.getName();
        String pinned = System.getProperty(property);
        if (pinned == null) {
            pinned = StreamProvider.provider().getClass().getName();
            String raced = (String) System.getProperties().putIfAbsent(property, pinned);
            if (raced != null) {
                pinned = raced;
            } else {
                log.debug("Jakarta Mail stream provider pinned to {}", pinned);
            }
        }
        return pinned;
    }

    @Override
    public void send(OutgoingMail mail) throws MailDeliveryException {
        Email email;
        try {
            EmailPopulatingBuilder builder = EmailBuilder.startingBlank()
                    .from(mail.from())
                    .to(mail.toName(), mail.to())
                    .withSubject(mail.subject())
                    .withPlainText(mail.text())
                    .fixingMessageId(mail.messageId())
                    .withHeader(DIGEST_ID_HEADER, mail.digestId());
            if (mail.html() != null) {
                builder.withHTMLText(mail.html());
            }
            email = builder.buildEmail();
        } catch (RuntimeException e) {
            // an address Simple Java Mail cannot even parse
            throw new MailDeliveryException(MailDeliveryException.Kind.PERMANENT, SmtpFailures.reason(e), e);
        }
        try {
            mailer.sendMail(email).join();
        } catch (RuntimeException e) {
            throw SmtpFailures.classify(e);
        }
    }

    @Override
    public void close() {
        try {
            mailer.shutdownConnectionPool().get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("SMTP connection pool of {} did not shut down cleanly", description, e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}

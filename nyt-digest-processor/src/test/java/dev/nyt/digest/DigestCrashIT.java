package dev.nyt.digest;

import static dev.nyt.digest.Events.created;
import static dev.nyt.digest.Events.settings;
import static dev.nyt.digest.Events.subscription;
import static dev.nyt.digest.Events.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.MailDeliveryException;
import dev.nyt.digest.mail.MailSender;
import dev.nyt.digest.mail.OutgoingMail;
import dev.nyt.digest.mail.SmtpMailSender;
import dev.nyt.events.DigestSent;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application dies after the SMTP server accepted a digest and before Kafka committed that
 * it was sent. Simulated in this JVM: the sender lets the real send happen, then throws an
 * {@link Error}, which no handler swallows, so the stream thread dies, the client shuts down and
 * its open transaction is aborted, exactly what a crash leaves behind. It is deterministic (the
 * crash is always between send and commit, which killing a child JVM at the right moment is not)
 * and it needs no wait for a dead producer's transaction to time out.
 */
class DigestCrashIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** The dead instance does not leave the group; with these the restarted one takes over in seconds, not 45. */
    private static final Map<String, Object> FAST_TAKEOVER = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000,
            StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);

    @TempDir
    Path stateDir;

    /** What a kill -9 would be: not an exception any handler catches. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash between the SMTP send and the Kafka commit");
        }
    }

    /** Sends for real, then crashes, the first time only. */
    static final class CrashAfterFirstSend implements MailSender {
        private final MailSender delegate;
        private final AtomicBoolean crashed = new AtomicBoolean();

        CrashAfterFirstSend(MailSender delegate) {
            this.delegate = delegate;
        }

        @Override
        public void send(OutgoingMail mail) throws MailDeliveryException {
            delegate.send(mail);
            if (crashed.compareAndSet(false, true)) {
                throw new SimulatedCrash();
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void resendsAtMostOnceWithTheSameMessageIdAfterACrashBetweenSendAndCommit() {
        try (Mailbox mailbox = Mailbox.start(); KafkaFixture kafka = new KafkaFixture(stateDir)) {
            DigestConfig config = kafka.config(Map.of("NYT_SMTP_PORT", Integer.toString(mailbox.port())));
            Instant now = Instant.now();
            Subscription sub = subscription("sub-1", "alice", "s-alice", "test-key", true, now);

            // Given: a digest sent, and the application dead before its commit
            try (DigestProcessor first = new DigestProcessor(config, new SimpleMeterRegistry(),
                    new CrashAfterFirstSend(new SmtpMailSender(config.smtp())), FAST_TAKEOVER).start()) {
                kafka.user(user("alice", "alice@example.com")).settings(settings("s-alice", "alice", 0, now))
                        .subscribe(sub).notify(created(1, sub, "Test is a test", "/test", now));
                await("the first copy in the mailbox").atMost(TIMEOUT).until(() -> mailbox.messages().size() == 1);
                await("the first instance to die").atMost(TIMEOUT).until(() -> first.state() == KafkaStreams.State.ERROR);
            }
            assertThat(kafka.emailEvents(1, Duration.ofSeconds(3))).isEmpty();

            // When: it is started again
            try (DigestProcessor second = new DigestProcessor(config, new SimpleMeterRegistry(),
                    new SmtpMailSender(config.smtp()), FAST_TAKEOVER).start()) {

                // Then: one resend, the same Message-ID, one DigestSent
                await("the resent copy").atMost(TIMEOUT).until(() -> mailbox.messages().size() == 2);
                await("no third copy").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> mailbox.messages().size() == 2);
                List<MimeMessage> copies = mailbox.messages();
                String messageId = Mailbox.header(copies.get(0), "Message-ID");
                assertThat(Mailbox.header(copies.get(1), "Message-ID")).isEqualTo(messageId);
                assertThat(Mailbox.text(copies.get(1))).isEqualTo(Mailbox.text(copies.get(0)));

                List<EmailEvent> events = kafka.emailEvents(2, Duration.ofSeconds(3));
                assertThat(events).singleElement().isInstanceOfSatisfying(DigestSent.class,
                        sent -> assertThat(sent.messageId()).isEqualTo(messageId));
                assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }
}

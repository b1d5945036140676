package dev.nyt.digest;

import static dev.nyt.digest.Events.created;
import static dev.nyt.digest.Events.settings;
import static dev.nyt.digest.Events.subscription;
import static dev.nyt.digest.Events.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SMTP going wrong: a server that is away for a while, a server that refuses one recipient. */
class DigestSmtpFailureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path stateDir;

    @Test
    void deliversTheDigestOnceAfterTheServerComesBack() {
        // Given: nothing listens on the SMTP port yet
        int port = Mailbox.freePort();
        try (KafkaFixture kafka = new KafkaFixture(stateDir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (DigestProcessor digest = new DigestProcessor(kafka.config(Map.of(
                    "NYT_SMTP_PORT", Integer.toString(port),
                    "NYT_SMTP_RETRY_INITIAL_SECONDS", "1",
                    "NYT_SMTP_RETRY_MAX_SECONDS", "2")), registry).start()) {
                await("the digest to run").atMost(TIMEOUT).until(() -> digest.state() == KafkaStreams.State.RUNNING);
                Instant now = Instant.now();
                Subscription sub = subscription("sub-1", "alice", "s-alice", "test-key", true, now);

                // When: a digest is due while the server is down
                kafka.user(user("alice", "alice@example.com")).settings(settings("s-alice", "alice", 0, now))
                        .subscribe(sub).notify(created(1, sub, "Test is a test", "/test", now));
                await("sends to the unreachable server to be retried").atMost(TIMEOUT)
                        .until(() -> registry.get("nyt.digest.emails.retried").counter().count() >= 2);
                assertThat(registry.get("nyt.digest.pending.notifications").gauge().value()).isEqualTo(1.0);

                // Then: once it is back, the digest arrives, once
                try (Mailbox mailbox = Mailbox.startOn(port)) {
                    await("the digest after the server came back").atMost(TIMEOUT)
                            .until(() -> mailbox.messages().size() == 1);
                    await("no second copy").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                            .until(() -> mailbox.messages().size() == 1);
                    assertThat(Mailbox.text(mailbox.messages().getFirst())).contains(" * Test is a test\n");
                }
                List<EmailEvent> events = kafka.emailEvents(2, Duration.ofSeconds(3));
                assertThat(events).singleElement().isInstanceOf(DigestSent.class);
                assertThat(registry.get("nyt.digest.pending.notifications").gauge().value()).isZero();
            }
        }
    }

    @Test
    void recordsARejectedRecipientAsDigestFailedAndStillDeliversToOthers() throws Exception {
        // Given: a server that answers 550 for bob
        try (SmtpStub smtp = new SmtpStub(Set.of("bob@example.com")); KafkaFixture kafka = new KafkaFixture(stateDir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (DigestProcessor digest = new DigestProcessor(kafka.config(Map.of(
                    "NYT_SMTP_PORT", Integer.toString(smtp.port()))), registry).start()) {
                await("the digest to run").atMost(TIMEOUT).until(() -> digest.state() == KafkaStreams.State.RUNNING);
                Instant now = Instant.now();
                Subscription alice = subscription("sub-alice", "alice", "s-alice", "test-key", true, now);
                Subscription bob = subscription("sub-bob", "bob", "s-bob", "test-key", true, now);

                // When
                kafka.user(user("alice", "alice@example.com")).settings(settings("s-alice", "alice", 0, now)).subscribe(alice)
                        .user(user("bob", "bob@example.com")).settings(settings("s-bob", "bob", 0, now)).subscribe(bob)
                        .notify(created(1, bob, "For bob", null, now))
                        .notify(created(2, alice, "For alice", null, now));

                // Then
                List<EmailEvent> events = kafka.emailEvents(2, TIMEOUT);
                assertThat(events).hasSize(2);
                assertThat(events).filteredOn(DigestFailed.class::isInstance).singleElement()
                        .isInstanceOfSatisfying(DigestFailed.class, failed -> {
                            assertThat(failed.userId()).isEqualTo("bob");
                            assertThat(failed.email()).isEqualTo("bob@example.com");
                            assertThat(failed.reason()).contains("550");
                            assertThat(failed.notificationIds()).containsExactly(1L);
                        });
                assertThat(events).filteredOn(DigestSent.class::isInstance).singleElement()
                        .extracting(EmailEvent::userId).isEqualTo("alice");
                assertThat(smtp.accepted()).singleElement().satisfies(mail -> {
                    assertThat(mail.recipients()).containsExactly("alice@example.com");
                    assertThat(mail.data()).contains("For alice");
                });
                assertThat(registry.get("nyt.digest.emails.failed").counter().count()).isEqualTo(1.0);
            }
        }
    }
}

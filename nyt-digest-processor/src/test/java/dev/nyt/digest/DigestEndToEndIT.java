package dev.nyt.digest;

import static dev.nyt.digest.Events.created;
import static dev.nyt.digest.Events.settings;
import static dev.nyt.digest.Events.subscription;
import static dev.nyt.digest.Events.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nyt.events.DigestSent;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.Subscription;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From the contract's topics to a real SMTP server's mailbox, through DigestMain's wiring. */
class DigestEndToEndIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path stateDir;

    @Test
    void deliversTheDigestFromTopicRecordsToTheMailboxWithItsMessageIdAndReportsIt() throws Exception {
        try (Mailbox mailbox = Mailbox.start(); KafkaFixture kafka = new KafkaFixture(stateDir)) {
            // Given: the digest running with operations on a random port
            Map<String, String> env = kafka.env(Map.of(
                    "NYT_SMTP_PORT", Integer.toString(mailbox.port()),
                    "NYT_EMAIL_SENDER", "Example <notifications@example.com>",
                    "NYT_HTTP_PORT", "0"));
            try (DigestMain.Running running = DigestMain.start(env)) {
                String ops = "http://127.0.0.1:" + running.ops().port();
                await("the digest processor to be ready").atMost(TIMEOUT)
                        .until(() -> get(ops + "/health/ready").statusCode() == 200);

                // When: the records the fan-out and the host application publish
                Instant now = Instant.now();
                Subscription sub = subscription("sub-1", "alice", "s-alice", "test-key", true, now);
                kafka.user(user("alice", "alice@example.com"))
                        .settings(settings("s-alice", "alice", 0, now))
                        .subscribe(sub)
                        .notify(created(1, sub, "Test is a test", "/test", now));

                // Then: one mail, django-nyt's text, the digest's Message-ID
                await("the digest in the mailbox").atMost(TIMEOUT).until(() -> mailbox.messages().size() == 1);
                MimeMessage message = mailbox.messages().getFirst();
                List<EmailEvent> events = kafka.emailEvents(1, TIMEOUT);
                assertThat(events).singleElement().isInstanceOf(DigestSent.class);
                DigestSent sent = (DigestSent) events.getFirst();

                assertThat(message.getSubject()).isEqualTo("You have new notifications from example.com (type: instantly)");
                assertThat(message.getFrom()).containsExactly(new InternetAddress("notifications@example.com", "Example"));
                assertThat(recipients(message)).containsExactly("alice@example.com");
                assertThat(Mailbox.header(message, "Message-ID")).isEqualTo(sent.messageId());
                assertThat(Mailbox.header(message, "X-Nyt-Digest-Id")).isEqualTo(sent.digestId());
                assertThat(Mailbox.text(message)).isEqualTo(DigestTopologyTest.DEFAULT_BODY_WITH_URL);
                assertThat(sent.notificationIds()).containsExactly(1L);
                assertThat(sent.subscriptionIds()).containsExactly("sub-1");

                await("the sent mail in the metrics").atMost(TIMEOUT)
                        .until(() -> get(ops + "/metrics").body().contains("nyt_digest_emails_sent_total{service=\"nyt-digest-processor\"} 1.0"));
                assertThat(get(ops + "/metrics").body())
                        .contains("nyt_digest_pending_notifications{service=\"nyt-digest-processor\"} 0.0")
                        .contains("nyt_digest_oldest_pending_age_seconds")
                        .contains("nyt_digest_emails_failed_total")
                        .contains("nyt_digest_emails_retried_total");
                assertThat(get(ops + "/health/live").statusCode()).isEqualTo(200);
            }
        }
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        return java.util.Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                .map(address -> ((InternetAddress) address).getAddress()).toList();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}

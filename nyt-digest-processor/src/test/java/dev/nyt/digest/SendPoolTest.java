package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.mail.MailDeliveryException.Kind;
import dev.nyt.digest.mail.MailSender;
import dev.nyt.digest.mail.OutgoingMail;
import dev.nyt.digest.mail.SendPool;
import dev.nyt.digest.mail.SendPool.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SendPoolTest {

    private static final Duration AMPLE = Duration.ofMinutes(5);

    private static OutgoingMail mail(String to) {
        return new OutgoingMail("<" + to + ".digest@example.com>", to, "nyt@example.com", to, to, "subject", "text", null);
    }

    @Test
    void reportsEachMailsOutcomeInOrder() {
        // Given
        RecordingMailSender sender = new RecordingMailSender();
        sender.failNext("b@example.com", Kind.TRANSIENT, "451 later", 1);
        sender.reject("c@example.com", "550 no such user");

        try (SendPool pool = new SendPool(sender, 3)) {
            // When
            List<Outcome> outcomes = pool.start(
                    List.of(mail("a@example.com"), mail("b@example.com"), mail("c@example.com")), AMPLE).outcomes();

            // Then
            assertThat(outcomes.get(0).sent()).isTrue();
            assertThat(outcomes.get(1).failure().kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(outcomes.get(2).failure().kind()).isEqualTo(Kind.PERMANENT);
        }
    }

    @Test
    void returnsWhileTheMailsAreStillOnTheirWay() throws InterruptedException {
        // Given: a server that holds every mail until released
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(2);
        MailSender held = mail -> {
            sending.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        try (SendPool pool = new SendPool(held, 2)) {
            // When
            SendPool.Batch batch = pool.start(List.of(mail("a@example.com"), mail("b@example.com")), AMPLE);

            // Then: both are being sent at once, and the caller was not held
            sending.await();
            release.countDown();
            assertThat(batch.outcomes()).allMatch(Outcome::sent);
        }
    }

    @Test
    void startsNoMailAfterTheDeadline() {
        // Given
        RecordingMailSender sender = new RecordingMailSender();

        try (SendPool pool = new SendPool(sender, 2)) {
            // When
            List<Outcome> outcomes = pool.start(List.of(mail("a@example.com"), mail("b@example.com")), Duration.ZERO).outcomes();

            // Then
            assertThat(outcomes).allMatch(Outcome::skipped);
            assertThat(sender.attempts()).isEmpty();
        }
    }

    @Test
    void startsNoFurtherMailOnceTheServerIsUnreachable() {
        // Given: one connection, so the order is fixed
        RecordingMailSender sender = new RecordingMailSender();
        sender.failNext("a@example.com", Kind.UNAVAILABLE, "Connection refused", 1);

        try (SendPool pool = new SendPool(sender, 1)) {
            // When
            List<Outcome> outcomes = pool.start(List.of(mail("a@example.com"), mail("b@example.com")), AMPLE).outcomes();

            // Then
            assertThat(outcomes.get(0).failure().kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(outcomes.get(1).skipped()).isTrue();
            assertThat(sender.attempts()).extracting(OutgoingMail::to).containsExactly("a@example.com");
        }
    }
}

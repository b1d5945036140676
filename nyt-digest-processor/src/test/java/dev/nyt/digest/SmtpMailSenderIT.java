package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.mail.MailDeliveryException;
import dev.nyt.digest.mail.MailDeliveryException.Kind;
import dev.nyt.digest.mail.OutgoingMail;
import dev.nyt.digest.mail.SmtpMailSender;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Simple Java Mail against a real (stub) SMTP server: what goes over the wire, and how refusals are read. */
class SmtpMailSenderIT {

    private static final String MESSAGE_ID = "<0123456789abcdef0123456789abcdef.digest@example.com>";

    private static SmtpMailSender senderTo(int port) {
        return new SmtpMailSender(DigestConfig.fromEnv(Map.of(
                "NYT_SMTP_HOST", "127.0.0.1", "NYT_SMTP_PORT", Integer.toString(port), "NYT_SMTP_TIMEOUT_SECONDS", "5")).smtp());
    }

    private static OutgoingMail mail(String to, String text) {
        return new OutgoingMail(MESSAGE_ID, "0123456789abcdef0123456789abcdef", "nyt@example.com", to, "alice",
                "You have new notifications from example.com (type: instantly)", text, null);
    }

    @Test
    void sendsTheBodyByteForByteWithTheDigestsMessageId() throws Exception {
        try (SmtpStub smtp = new SmtpStub(Set.of()); SmtpMailSender sender = senderTo(smtp.port())) {
            // When
            sender.send(mail("alice@example.com", DigestTopologyTest.DEFAULT_BODY_WITH_URL));

            // Then
            assertThat(smtp.accepted()).singleElement().satisfies(accepted -> {
                assertThat(accepted.recipients()).containsExactly("alice@example.com");
                String data = accepted.data();
                assertThat(data).contains("\nMessage-ID: " + MESSAGE_ID + "\n",
                        "\nX-Nyt-Digest-Id: 0123456789abcdef0123456789abcdef\n",
                        "\nSubject: You have new notifications from example.com (type: instantly)\n");
                assertThat(data.substring(data.indexOf("\n\n") + 2)).isEqualTo(DigestTopologyTest.DEFAULT_BODY_WITH_URL);
            });
        }
    }

    @Test
    void readsA550AsPermanentWithTheServersReason() throws Exception {
        try (SmtpStub smtp = new SmtpStub(Set.of("bob@example.com")); SmtpMailSender sender = senderTo(smtp.port())) {
            assertThatThrownBy(() -> sender.send(mail("bob@example.com", "x\n")))
                    .isInstanceOfSatisfying(MailDeliveryException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
                        assertThat(failure.reason()).contains("550 5.1.1 <bob@example.com>: no such user");
                    });
        }
    }

    @Test
    void readsARefusedConnectionAsServerUnavailable() {
        try (SmtpMailSender sender = senderTo(Mailbox.freePort())) {
            assertThatThrownBy(() -> sender.send(mail("alice@example.com", "x\n")))
                    .isInstanceOfSatisfying(MailDeliveryException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE));
        }
    }

    @Test
    void refusesAnAddressThatCannotBeValidWithoutContactingTheServer() throws Exception {
        try (SmtpStub smtp = new SmtpStub(Set.of()); SmtpMailSender sender = senderTo(smtp.port())) {
            assertThatThrownBy(() -> sender.send(mail("not-an-address", "x\n")))
                    .isInstanceOfSatisfying(MailDeliveryException.class,
                            failure -> assertThat(failure.kind()).isEqualTo(Kind.PERMANENT));
            assertThat(smtp.accepted()).isEmpty();
        }
    }
}

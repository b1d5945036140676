package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.mail.MailDeliveryException;
import dev.nyt.digest.mail.MailDeliveryException.Kind;
import dev.nyt.digest.mail.SmtpFailures;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class SmtpFailuresTest {

    /** An SMTP reply exception as Angus Mail has it: a MessagingException with getReturnCode(). */
    public static final class ReplyException extends MessagingException {
        private final int code;

        ReplyException(int code, String message) {
            super(message);
            this.code = code;
        }

        public int getReturnCode() {
            return code;
        }
    }

    @Test
    void fiveHundredReplyIsPermanentWithTheServersWords() {
        MailDeliveryException failure = SmtpFailures.classify(new RuntimeException("Third party error",
                new SendFailedException("Invalid Addresses", new ReplyException(550, "550 5.1.1 <bob@example.com>: no such user"))));

        assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(failure.reason()).contains("550 5.1.1 <bob@example.com>: no such user");
    }

    @Test
    void fourHundredReplyIsTransient() {
        assertThat(SmtpFailures.classify(new ReplyException(451, "451 4.3.0 try later")).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void replyCodeQuotedInAMailMessageCounts() {
        assertThat(SmtpFailures.classify(new MessagingException("554 5.7.1 rejected")).kind()).isEqualTo(Kind.PERMANENT);
        assertThat(SmtpFailures.classify(new MessagingException("421 4.7.0 closing")).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void refusedConnectionMeansTheServerIsUnavailable() {
        MailDeliveryException failure = SmtpFailures.classify(
                new RuntimeException("send failed", new MessagingException("Couldn't connect", new ConnectException("Connection refused"))));

        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void refusedCredentialsMeanWaitingForTheFixNotDroppingEveryDigest() {
        assertThat(SmtpFailures.classify(new RuntimeException("send failed",
                new AuthenticationFailedException("535 5.7.8 Authentication credentials invalid"))).kind())
                .isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void timeoutIsTransient() {
        assertThat(SmtpFailures.classify(new MessagingException("read", new SocketTimeoutException("Read timed out"))).kind())
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void unknownErrorIsRetriedRatherThanDropped() {
        assertThat(SmtpFailures.classify(new IllegalStateException("surprise")).kind()).isEqualTo(Kind.TRANSIENT);
    }
}

package dev.nyt.digest.mail;

import java.util.Objects;

/**
 * One rendered digest e-mail, ready for a {@link MailSender}: the same digest always gives the same
 * {@code messageId}, subject and body, so a resend after a crash can be recognised.
 *
 * @param messageId the RFC 5322 Message-ID, angle brackets included ({@code <...@...>})
 * @param html      the HTML alternative, or null for a plain-text mail
 */
public record OutgoingMail(
        String messageId,
        String digestId,
        String from,
        String to,
        String toName,
        String subject,
        String text,
        String html) {

    public OutgoingMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(digestId, "digestId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        // no bodies in logs
        return "OutgoingMail[" + messageId + " to " + to + "]";
    }
}

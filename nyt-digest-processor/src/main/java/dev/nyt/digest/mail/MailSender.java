package dev.nyt.digest.mail;

/**
 * Sends one e-mail, synchronously: it returns once the server accepted the message, or throws a
 * {@link MailDeliveryException} saying whether trying again may help. Implementations are
 * thread-safe (the digest sends several mails at once) and are closed by their owner.
 */
public interface MailSender extends AutoCloseable {

    void send(OutgoingMail mail) throws MailDeliveryException;

    @Override
    default void close() {
    }
}

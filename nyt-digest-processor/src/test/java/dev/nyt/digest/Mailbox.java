package dev.nyt.digest;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** GreenMail's SMTP server on a loopback port for a test, and what a test reads from its messages. */
final class Mailbox implements AutoCloseable {

    private final GreenMail greenMail;

    private Mailbox(int port) {
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** A mailbox on a free port. */
    static Mailbox start() {
        return new Mailbox(freePort());
    }

    /** A mailbox on {@code port} (to bring a server back where it was). */
    static Mailbox startOn(int port) {
        return new Mailbox(port);
    }

    /** A loopback port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /**
     * The text/plain body as it went over the wire, with SMTP's CRLF line ends back to LF.
     * GreenMail stores a message without the CRLF that ends its last line (RFC 5321 §4.1.1.4 counts
     * it as part of that line, not of the terminating "."), so it is put back for a single-part
     * message; {@code SmtpMailSenderIT} checks the wire itself.
     */
    static String text(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text.replace("\r\n", "\n") + "\n";
            }
            Multipart multipart = (Multipart) content;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return ((String) part.getContent()).replace("\r\n", "\n");
                }
            }
            throw new IllegalStateException("no text/plain part");
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}

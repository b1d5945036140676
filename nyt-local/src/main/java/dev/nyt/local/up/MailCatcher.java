package dev.nyt.local.up;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An SMTP server in this JVM that keeps every mail it receives (GreenMail), for running nyt without a mail
 * server: the digest sends to it, and {@code /dev/mail} shows what arrived. Listens on the loopback interface only.
 */
public final class MailCatcher implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    /** One received e-mail, as {@code /dev/mail} shows it. */
    public record CaughtMail(String to, String from, String subject, String messageId, String body) {
    }

    private final GreenMail server;
    private final int port;

    private MailCatcher(GreenMail server, int port) {
        this.server = server;
        this.port = port;
    }

    public static MailCatcher start() {
        int port = freePort();
        GreenMail server = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        server.start();
        return new MailCatcher(server, port);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** Every mail received so far, oldest first. */
    public List<CaughtMail> messages() {
        return Arrays.stream(server.getReceivedMessages()).map(MailCatcher::caught).toList();
    }

    /** What {@code /dev/mail} shows of a received message. */
    public static CaughtMail caught(MimeMessage message) {
        try {
            return new CaughtMail(addresses(message.getRecipients(Message.RecipientType.TO)), addresses(message.getFrom()),
                    message.getSubject(), message.getMessageID(), body(message));
        } catch (MessagingException e) {
            return new CaughtMail("", "", "(unreadable: " + e.getMessage() + ")", "", "");
        }
    }

    /** The plain-text part when there is one, else the whole body as received. */
    private static String body(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text.replace("\r\n", "\n");
            }
            if (content instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    var part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        return String.valueOf(part.getContent()).replace("\r\n", "\n");
                    }
                    if (part.getContent() instanceof jakarta.mail.Multipart inner) {
                        for (int j = 0; j < inner.getCount(); j++) {
                            if (inner.getBodyPart(j).isMimeType("text/plain")) {
                                return String.valueOf(inner.getBodyPart(j).getContent()).replace("\r\n", "\n");
                            }
                        }
                    }
                }
            }
        } catch (MessagingException | IOException e) {
            // fall through to the raw body
        }
        return GreenMailUtil.getBody(message);
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the mail catcher", e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}

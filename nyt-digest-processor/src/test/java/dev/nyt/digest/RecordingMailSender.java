package dev.nyt.digest;

import dev.nyt.digest.mail.MailDeliveryException;
import dev.nyt.digest.mail.MailSender;
import dev.nyt.digest.mail.OutgoingMail;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link MailSender} for TopologyTestDriver tests: keeps what it was asked to send, fails as told. */
final class RecordingMailSender implements MailSender {

    private final List<OutgoingMail> sent = new ArrayList<>();
    private final List<OutgoingMail> attempts = new ArrayList<>();
    private final Map<String, Deque<MailDeliveryException>> failures = new HashMap<>();
    private final Map<String, MailDeliveryException> rejections = new HashMap<>();

    @Override
    public synchronized void send(OutgoingMail mail) throws MailDeliveryException {
        attempts.add(mail);
        MailDeliveryException rejection = rejections.get(mail.to());
        if (rejection != null) {
            throw rejection;
        }
        Deque<MailDeliveryException> scripted = failures.get(mail.to());
        if (scripted != null && !scripted.isEmpty()) {
            throw scripted.poll();
        }
        sent.add(mail);
    }

    /** The next {@code times} mails to {@code to} fail with {@code kind}. */
    synchronized void failNext(String to, MailDeliveryException.Kind kind, String reason, int times) {
        Deque<MailDeliveryException> queue = failures.computeIfAbsent(to, t -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new MailDeliveryException(kind, reason));
        }
    }

    /** Every mail to {@code to} is refused for good, as a 550 would. */
    synchronized void reject(String to, String reason) {
        rejections.put(to, new MailDeliveryException(MailDeliveryException.Kind.PERMANENT, reason));
    }

    synchronized List<OutgoingMail> sent() {
        return List.copyOf(sent);
    }

    synchronized List<OutgoingMail> attempts() {
        return List.copyOf(attempts);
    }
}

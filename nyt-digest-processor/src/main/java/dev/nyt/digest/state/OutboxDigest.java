package dev.nyt.digest.state;

import dev.nyt.digest.mail.OutgoingMail;
import java.util.List;

/**
 * A digest rendered and waiting to be sent (or re-sent after a transient failure). It is written
 * and committed before the first attempt, so every attempt, also after a crash, sends the very
 * same mail with the same Message-ID.
 *
 * @param sequence      its place among the digests prepared together (the order of django-nyt's templates)
 * @param preparedAt    when it was prepared (epoch ms)
 * @param attempts      transient failures so far
 * @param nextAttemptAt when it is to be sent next (epoch ms); mirrored by an entry of the send queue
 */
public record OutboxDigest(
        String digestId,
        String userId,
        String settingsId,
        int sequence,
        int interval,
        String template,
        OutgoingMail mail,
        List<OutboxItem> items,
        long preparedAt,
        int attempts,
        long nextAttemptAt,
        String lastError) {

    public OutboxDigest {
        items = List.copyOf(items);
    }

    public OutboxDigest retryAt(long when, String error) {
        return new OutboxDigest(digestId, userId, settingsId, sequence, interval, template, mail, items, preparedAt,
                attempts + 1, when, error);
    }

    public List<Long> notificationIds() {
        return items.stream().map(OutboxItem::notificationId).toList();
    }

    public List<String> subscriptionIds() {
        return items.stream().map(OutboxItem::subscriptionId).distinct().sorted().toList();
    }
}

package dev.nyt.events;

import java.time.Instant;
import java.util.List;

/**
 * A producer asks nyt to notify the subscribers of {@code key}: django-nyt's {@code notify()}.
 * Published to {@code nyt-notify-requested}, keyed by {@code key}.
 *
 * @param eventId        the idempotency key: the same id twice notifies once (optional)
 * @param key            the notification type key (1–128 characters)
 * @param message        what the user reads
 * @param url            where {@code goto} leads (optional; relative urls get the site prefixed in e-mails)
 * @param target         the object the event is about (optional)
 * @param recipientUsers only these users, and only if subscribed (empty: every subscriber)
 * @param excludeUsers   never these users, typically the actor (django-nyt's {@code filter_exclude})
 * @param occurredAt     when it happened (optional)
 */
public record NotifyRequested(
        String eventId,
        String key,
        String message,
        String url,
        Target target,
        List<String> recipientUsers,
        List<String> excludeUsers,
        Instant occurredAt) {

    public NotifyRequested {
        Limits.optionalText("eventId", eventId, Limits.MAX_ID_LENGTH);
        Limits.requireText("key", key, Limits.MAX_KEY_LENGTH);
        Limits.require("message", message);
        Limits.checkLength("message", message, Limits.MAX_MESSAGE_LENGTH);
        if (url != null) {
            Limits.checkLength("url", url, Limits.MAX_URL_LENGTH);
        }
        recipientUsers = Limits.userIds("recipientUsers", recipientUsers);
        excludeUsers = Limits.userIds("excludeUsers", excludeUsers);
    }
}

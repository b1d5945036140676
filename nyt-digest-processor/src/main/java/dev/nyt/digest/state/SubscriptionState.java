package dev.nyt.digest.state;

import dev.nyt.events.Subscription;
import java.time.Instant;

/**
 * A subscription of the user, with {@code lastSent} (null until a digest of it went out), which
 * the digest keeps itself: it decides with {@code created} when the next digest is due.
 */
public record SubscriptionState(
        String subscriptionId,
        String settingsId,
        String key,
        boolean sendEmails,
        Instant created,
        Instant lastSent) {

    public static SubscriptionState of(Subscription s, Instant lastSent) {
        return new SubscriptionState(s.subscriptionId(), s.settingsId(), s.key(), s.sendEmails(), s.created(), lastSent);
    }

    public SubscriptionState sentAt(Instant when) {
        return new SubscriptionState(subscriptionId, settingsId, key, sendEmails, created, when);
    }

    /**
     * When a digest with this subscription's notifications is due (epoch ms): at once for
     * "instantly" (0) and "never" (-1, only marked e-mailed); else {@code interval} minutes after
     * the last digest, or after the subscription was created when none was sent yet
     * (django-nyt's {@code notifymail} rule, in minutes throughout).
     */
    public long dueAt(int interval) {
        if (interval <= 0) {
            return 0L;
        }
        Instant from = lastSent != null ? lastSent : created;
        return from.toEpochMilli() + interval * 60_000L;
    }
}

package dev.nyt.digest.schedule;

import dev.nyt.digest.input.DigestInput;
import dev.nyt.digest.input.NotificationChange;
import dev.nyt.digest.input.SettingsChange;
import dev.nyt.digest.input.SubscriptionChange;
import dev.nyt.digest.input.UserChange;
import dev.nyt.digest.state.DigestState;
import dev.nyt.digest.state.Keys;
import dev.nyt.digest.state.OutboxDigest;
import dev.nyt.digest.state.PendingNotification;
import dev.nyt.digest.state.SettingsState;
import dev.nyt.digest.state.SubscriptionState;
import dev.nyt.events.NotificationState;
import dev.nyt.events.NotificationSelection;
import dev.nyt.events.NotificationStatusEvent;
import dev.nyt.events.NotificationsViewed;
import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;
import dev.nyt.events.User;
import dev.nyt.runtime.RefusedException;
import java.time.Instant;

/**
 * Applies one input of a user to the stores: notifications become pending (or stop being),
 * subscriptions, settings and the user's profile are kept, and the due index follows.
 */
final class InputApplier {

    private final DigestState state;
    private final DuePlanner planner;
    private final boolean skipViewed;

    InputApplier(DigestState state, DuePlanner planner, boolean skipViewed) {
        this.state = state;
        this.planner = planner;
        this.skipViewed = skipViewed;
    }

    void apply(String userId, DigestInput input, long now) {
        Keys.requireId("userId", userId);
        switch (input) {
            case NotificationChange change -> notification(userId, change, now);
            case SubscriptionChange change -> subscription(userId, change);
            case SettingsChange change -> settings(userId, change);
            case UserChange change -> user(userId, change.user());
        }
    }

    private void notification(String userId, NotificationChange change, long now) {
        switch (change.event()) {
            case NotificationState n -> notification(userId, n, now);
            case NotificationsViewed viewed -> viewed(userId, viewed);
            case NotificationStatusEvent seenOrArchived -> { } // e-mail looks at viewed only, as django-nyt
        }
    }

    /** A created notification, or a repeat coalesced into one (occurrences + 1, to be e-mailed again). */
    private void notification(String userId, NotificationState n, long now) {
        if (!userId.equals(n.userId())) {
            throw new RefusedException("record key '" + userId + "' is not the notification's userId '" + n.userId() + "'");
        }
        if (n.settingsId() == null) {
            return;
        }
        Keys.requireId("settingsId", n.settingsId());
        PendingNotification existing = state.pending(userId, n.settingsId(), n.id());
        boolean candidate = candidate(n);
        SubscriptionState subscription = candidate ? state.subscription(userId, n.subscriptionId()) : null;
        if (!candidate || (subscription != null && !subscription.sendEmails())) {
            if (existing != null) {
                state.deletePending(userId, existing);
            }
            return;
        }
        Keys.requireId("subscriptionId", n.subscriptionId());
        long pendingSince = existing != null ? existing.pendingSince() : since(n, now);
        PendingNotification pending = PendingNotification.of(n, pendingSince);
        state.putPending(userId, pending, existing);
        planner.pending(userId, pending, subscription);
    }

    /**
     * django-nyt e-mails the not-yet-e-mailed notifications of subscriptions that still exist and
     * have sendEmails; viewed ones too, unless NYT_EMAIL_SKIP_VIEWED. A subscription not known yet
     * (its record is still on the way through the re-key topic) keeps the notification. This is
     * the part of that rule the notification alone decides.
     */
    private boolean candidate(NotificationState n) {
        return !n.isEmailed() && n.subscriptionId() != null && !(skipViewed && n.isViewed());
    }

    private static long since(NotificationState n, long now) {
        Instant when = n.modified() != null ? n.modified() : n.created();
        return when != null ? when.toEpochMilli() : now;
    }

    private void viewed(String userId, NotificationsViewed viewed) {
        if (!skipViewed) {
            return; // django-nyt e-mails viewed notifications too
        }
        NotificationSelection.Matcher selected = viewed.matcher();
        for (PendingNotification n : state.pendingOf(userId)) {
            if (selected.covers(n.id(), n.key())) {
                state.deletePending(userId, n);
            }
        }
    }

    private void subscription(String userId, SubscriptionChange change) {
        String id = Keys.requireId("subscriptionId", change.subscriptionId());
        SubscriptionState before = state.subscription(userId, id);
        Subscription now = change.subscription();
        if (now == null) {
            if (before != null) {
                state.deleteSubscription(userId, id);
                dropPending(userId, before.settingsId(), id);
                planner.replan(userId, before.settingsId());
            }
            return;
        }
        Keys.requireId("settingsId", now.settingsId());
        state.putSubscription(userId, SubscriptionState.of(now, before != null ? before.lastSent() : null));
        if (!now.sendEmails()) {
            dropPending(userId, now.settingsId(), id);
        }
        if (before != null && !before.settingsId().equals(now.settingsId())) {
            planner.replan(userId, before.settingsId());
        }
        planner.replan(userId, now.settingsId());
    }

    private void dropPending(String userId, String settingsId, String subscriptionId) {
        for (PendingNotification n : state.pendingOf(userId, settingsId)) {
            if (subscriptionId.equals(n.subscriptionId())) {
                state.deletePending(userId, n);
            }
        }
    }

    private void settings(String userId, SettingsChange change) {
        String id = Keys.requireId("settingsId", change.settingsId());
        SettingsState before = state.settings(userId, id);
        Settings now = change.settings();
        if (now == null) {
            if (before != null) {
                state.pendingOf(userId, id).forEach(n -> state.deletePending(userId, n));
                state.deleteSettings(userId, before);
            }
            return;
        }
        state.putSettings(userId, before == null ? new SettingsState(id, now.interval(), null) : before.withInterval(now.interval()));
        planner.replan(userId, id);
    }

    private void user(String userId, User user) {
        if (user == null) {
            forget(userId);
            return;
        }
        User before = state.user(userId);
        state.putUser(user);
        boolean wasActive = before == null || Boolean.TRUE.equals(before.active());
        if (Boolean.TRUE.equals(user.active()) && (before == null || !wasActive)) {
            planner.replanAll(userId);
        }
    }

    /** The user was deleted: so is everything the digest keeps of them, unsent digests included. */
    private void forget(String userId) {
        state.pendingOf(userId).forEach(n -> state.deletePending(userId, n));
        for (OutboxDigest digest : state.outboxOf(userId)) {
            state.removeFromOutbox(digest);
        }
        state.settingsOf(userId).forEach(settings -> state.deleteSettings(userId, settings));
        state.subscriptionsOf(userId).forEach(s -> state.deleteSubscription(userId, s.subscriptionId()));
        state.deleteUser(userId);
    }
}

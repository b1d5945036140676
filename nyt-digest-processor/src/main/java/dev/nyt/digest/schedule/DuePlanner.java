package dev.nyt.digest.schedule;

import dev.nyt.digest.state.DigestState;
import dev.nyt.digest.state.PendingNotification;
import dev.nyt.digest.state.SettingsState;
import dev.nyt.digest.state.SubscriptionState;
import dev.nyt.events.User;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps each (user, settings)'s entry in the due index at the earliest time one of its pending
 * notifications' subscriptions is due. Nothing is scheduled while the settings, the user's
 * activity or a subscription is unknown, or while a digest of it still waits in the outbox
 * (then the next digest is planned when the outbox drains, so an outage yields one digest,
 * not one per tick).
 */
final class DuePlanner {

    private final DigestState state;

    DuePlanner(DigestState state) {
        this.state = state;
    }

    /** Recomputes the due time of (user, settings) from its pending notifications. */
    void replan(String userId, String settingsId) {
        SettingsState settings = state.settings(userId, settingsId);
        if (settings == null) {
            return;
        }
        if (!active(userId) || state.hasOutbox(userId, settingsId)) {
            state.unschedule(userId, settings);
            return;
        }
        Map<String, SubscriptionState> subscriptions = new HashMap<>();
        Long earliest = null;
        for (PendingNotification n : state.pendingOf(userId, settingsId)) {
            SubscriptionState subscription = subscriptions.computeIfAbsent(n.subscriptionId(),
                    id -> state.subscription(userId, id));
            if (subscription == null || !subscription.sendEmails()) {
                continue;
            }
            long due = subscription.dueAt(settings.interval());
            earliest = earliest == null ? due : Math.min(earliest, due);
        }
        state.schedule(userId, settings, earliest);
    }

    /**
     * The last outbox digest of (user, settings) is gone: plans what arrived while it waited.
     * Nothing of it was scheduled meanwhile, so with nothing pending there is nothing to do.
     */
    void drained(String userId, String settingsId) {
        if (state.anyPending(userId, settingsId)) {
            replan(userId, settingsId);
        }
    }

    void replanAll(String userId) {
        state.settingsOf(userId).forEach(settings -> replan(userId, settings.settingsId()));
    }

    /**
     * A notification became pending: its digest is due no later than its subscription says.
     *
     * @param subscription the notification's subscription as the store has it (null: not known yet)
     */
    void pending(String userId, PendingNotification n, SubscriptionState subscription) {
        if (subscription == null || !subscription.sendEmails()) {
            return;
        }
        SettingsState settings = state.settings(userId, n.settingsId());
        if (settings == null) {
            return;
        }
        long due = subscription.dueAt(settings.interval());
        if (settings.dueAt() != null && settings.dueAt() <= due) {
            return;
        }
        if (!active(userId) || state.hasOutbox(userId, n.settingsId())) {
            return;
        }
        state.schedule(userId, settings, due);
    }

    /** Unknown users are planned for (their digest fails for want of an address); inactive ones wait. */
    private boolean active(String userId) {
        User user = state.user(userId);
        return user == null || Boolean.TRUE.equals(user.active());
    }
}

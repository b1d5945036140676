package dev.nyt.digest.schedule;

import dev.nyt.digest.config.EmailSettings;
import dev.nyt.digest.mail.OutgoingMail;
import dev.nyt.digest.state.DigestState;
import dev.nyt.digest.state.OutboxDigest;
import dev.nyt.digest.state.OutboxItem;
import dev.nyt.digest.state.PendingNotification;
import dev.nyt.digest.state.SettingsState;
import dev.nyt.digest.state.SubscriptionState;
import dev.nyt.digest.template.DigestModel;
import dev.nyt.digest.template.RenderedDigest;
import dev.nyt.digest.template.TemplateFailure;
import dev.nyt.events.DigestFailed;
import dev.nyt.events.DigestSent;
import dev.nyt.events.EmailEvent;
import dev.nyt.events.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of a tick: for each (user, settings) that is due, takes the pending notifications
 * whose subscriptions are due, groups them by (template, subject template) and renders one mail
 * per group into the outbox (sent by {@link DigestDispatcher} after the outbox is committed).
 * Interval "never" (-1) marks them e-mailed with a {@code DigestSent} of interval -1 and no mail.
 */
final class DigestPreparer {

    private static final Logger log = LoggerFactory.getLogger(DigestPreparer.class);

    /** django-nyt orders a settings' subscriptions by key, each one's notifications newest first. */
    private static final Comparator<PendingNotification> DJANGO_ORDER =
            Comparator.comparing(PendingNotification::key).thenComparing(PendingNotification::id, Comparator.reverseOrder());

    private final DigestState state;
    private final DuePlanner planner;
    private final DigestRuntime runtime;
    private final Consumer<EmailEvent> emit;

    DigestPreparer(DigestState state, DuePlanner planner, DigestRuntime runtime, Consumer<EmailEvent> emit) {
        this.state = state;
        this.planner = planner;
        this.runtime = runtime;
        this.emit = emit;
    }

    /** Prepares up to {@code limit} due (user, settings); answers how many were looked at. */
    int prepare(long now, int limit) {
        List<DigestState.Due> due = state.dueUpTo(now, limit);
        for (DigestState.Due entry : due) {
            prepare(entry, now);
        }
        return due.size();
    }

    private void prepare(DigestState.Due entry, long now) {
        String userId = entry.userId();
        String settingsId = entry.settingsId();
        SettingsState current = state.settings(userId, settingsId);
        if (current == null) {
            state.dropDue(entry);
            return;
        }
        SettingsState settings = state.unschedule(userId, current);
        if (state.hasOutbox(userId, settingsId)) {
            return; // planned again when the outbox drains
        }
        User user = state.user(userId);
        if (user != null && !Boolean.TRUE.equals(user.active())) {
            return; // planned again when the user is active again
        }
        List<PendingNotification> chosen = chooseDue(userId, settings, now);
        if (!chosen.isEmpty()) {
            chosen.sort(DJANGO_ORDER);
            if (settings.interval() < 0) {
                markWithoutMail(userId, user, settings, chosen, now);
            } else {
                compose(userId, user, settings, chosen, now);
            }
        }
        if (!state.hasOutbox(userId, settingsId)) {
            planner.replan(userId, settingsId); // else it stays unscheduled (above) until the outbox drains
        }
    }

    private List<PendingNotification> chooseDue(String userId, SettingsState settings, long now) {
        Map<String, SubscriptionState> subscriptions = new HashMap<>();
        List<PendingNotification> chosen = new ArrayList<>();
        for (PendingNotification n : state.pendingOf(userId, settings.settingsId())) {
            SubscriptionState subscription = subscriptions.computeIfAbsent(n.subscriptionId(),
                    id -> state.subscription(userId, id));
            if (subscription == null) {
                continue; // not known yet: stays pending
            }
            if (!subscription.sendEmails() || (runtime.config().skipViewed() && n.viewed())) {
                state.deletePending(userId, n);
            } else if (subscription.dueAt(settings.interval()) <= now) {
                chosen.add(n);
            }
        }
        return chosen;
    }

    private void markWithoutMail(String userId, User user, SettingsState settings, List<PendingNotification> chosen, long now) {
        Instant at = Instant.ofEpochMilli(now);
        String digestId = DigestIds.digestId(userId, settings.settingsId(), items(chosen));
        emit.accept(new DigestSent(digestId, null, userId, settings.settingsId(), user != null ? user.email() : null,
                null, null, settings.interval(), ids(chosen), subscriptionIds(chosen), at));
        chosen.forEach(n -> state.deletePending(userId, n));
        markSent(userId, subscriptionIds(chosen), at);
        runtime.metrics().marked(chosen.size());
        log.debug("Marked {} notifications of user {} e-mailed without a mail (interval never)", chosen.size(), userId);
    }

    private void compose(String userId, User user, SettingsState settings, List<PendingNotification> chosen, long now) {
        EmailSettings email = runtime.config().email();
        Map<List<String>, List<PendingNotification>> groups = new LinkedHashMap<>();
        for (PendingNotification n : chosen) {
            List<String> pair = List.of(email.templates().templateFor(n.key()), email.subjectTemplates().templateFor(n.key()));
            groups.computeIfAbsent(pair, p -> new ArrayList<>()).add(n);
        }
        String address = user != null ? user.email() : null;
        String label = runtime.config().intervalLabel(settings.interval());
        int sequence = 0;
        for (Map.Entry<List<String>, List<PendingNotification>> group : groups.entrySet()) {
            List<PendingNotification> notifications = group.getValue();
            String digestId = DigestIds.digestId(userId, settings.settingsId(), items(notifications));
            if (address == null) {
                fail(userId, settings, address, notifications, digestId, user == null
                        ? "user " + userId + " is unknown (no nyt-users record), so has no e-mail address"
                        : "user " + userId + " has no e-mail address", now);
                continue;
            }
            RenderedDigest rendered;
            try {
                rendered = runtime.renderer().render(group.getKey().get(0), group.getKey().get(1),
                        DigestModel.of(userId, user, notifications, label, email));
            } catch (TemplateFailure e) {
                fail(userId, settings, address, notifications, digestId, e.getMessage(), now);
                continue;
            }
            OutgoingMail mail = new OutgoingMail(DigestIds.messageId(digestId, email.domain()), digestId, email.sender(),
                    address, user.displayName(), rendered.subject(), rendered.text(), rendered.html());
            List<OutboxItem> outboxItems = notifications.stream()
                    .map(n -> new OutboxItem(n.id(), n.subscriptionId(), n.occurrences(), n.pendingSince())).toList();
            notifications.forEach(n -> state.movePendingToOutbox(userId, n));
            state.addToOutbox(new OutboxDigest(digestId, userId, settings.settingsId(), sequence++, settings.interval(),
                    group.getKey().get(0), mail, outboxItems, now, 0, now, null));
        }
    }

    private void fail(String userId, SettingsState settings, String address, List<PendingNotification> notifications,
                      String digestId, String reason, long now) {
        emit.accept(new DigestFailed(digestId, userId, settings.settingsId(), address, ids(notifications),
                subscriptionIds(notifications), reason, Instant.ofEpochMilli(now)));
        notifications.forEach(n -> state.deletePending(userId, n));
        runtime.metrics().failed();
        log.warn("Digest {} of user {} failed for good: {}", digestId, userId, reason);
    }

    /** Sets {@code lastSent} of the subscriptions a digest went out for. */
    void markSent(String userId, List<String> subscriptionIds, Instant at) {
        for (String id : subscriptionIds) {
            SubscriptionState subscription = state.subscription(userId, id);
            if (subscription != null) {
                state.putSubscription(userId, subscription.sentAt(at));
            }
        }
    }

    private static List<DigestIds.Item> items(List<PendingNotification> notifications) {
        return notifications.stream().map(n -> new DigestIds.Item(n.id(), n.occurrences())).toList();
    }

    private static List<Long> ids(List<PendingNotification> notifications) {
        return notifications.stream().map(PendingNotification::id).toList();
    }

    private static List<String> subscriptionIds(List<PendingNotification> notifications) {
        return notifications.stream().map(PendingNotification::subscriptionId).distinct().sorted().toList();
    }
}

package dev.nyt.events.topic;

import dev.nyt.events.EmailEvent;
import dev.nyt.events.NotificationEvent;
import dev.nyt.events.NotifyRequested;
import dev.nyt.events.Settings;
import dev.nyt.events.StatusCommand;
import dev.nyt.events.Subscription;
import dev.nyt.events.SubscriptionCommand;
import dev.nyt.events.User;
import dev.nyt.events.json.JsonSerde;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The public topics of nyt (SPEC §4), each under the deployment's prefix ({@code NYT_TOPIC_PREFIX}).
 * The base names are contract: they never change.
 */
public record Topics(
        String prefix,
        Topic<String, NotifyRequested> notifyRequested,
        Topic<String, SubscriptionCommand> subscriptionRequests,
        Topic<String, User> users,
        Topic<String, Subscription> subscriptions,
        Topic<String, Settings> settings,
        Topic<String, NotificationEvent> notifications,
        Topic<String, StatusCommand> notificationStatus,
        Topic<String, EmailEvent> emailEvents,
        Topic<byte[], byte[]> deadLetter) {

    public static final String NOTIFY_REQUESTED = "nyt-notify-requested";
    public static final String SUBSCRIPTION_REQUESTS = "nyt-subscription-requests";
    public static final String USERS = "nyt-users";
    public static final String SUBSCRIPTIONS = "nyt-subscriptions";
    public static final String SETTINGS = "nyt-settings";
    public static final String NOTIFICATIONS = "nyt-notifications";
    public static final String NOTIFICATION_STATUS = "nyt-notification-status";
    public static final String EMAIL_EVENTS = "nyt-email-events";
    public static final String DEAD_LETTER = "nyt-dead-letter";

    /** The environment variable that names the prefix. */
    public static final String PREFIX_VARIABLE = "NYT_TOPIC_PREFIX";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public static Topics withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        if (!LEGAL.matcher(p).matches() || p.length() > 200) {
            throw new IllegalArgumentException(PREFIX_VARIABLE
                    + " may only hold the characters a-z A-Z 0-9 . _ - (at most 200), was '" + p + "'");
        }
        Serde<String> key = Serdes.String();
        return new Topics(p,
                new Topic<>(p + NOTIFY_REQUESTED, key, JsonSerde.of(NotifyRequested.class), false),
                new Topic<>(p + SUBSCRIPTION_REQUESTS, key, JsonSerde.of(SubscriptionCommand.class), false),
                new Topic<>(p + USERS, key, JsonSerde.of(User.class), true),
                new Topic<>(p + SUBSCRIPTIONS, key, JsonSerde.of(Subscription.class), true),
                new Topic<>(p + SETTINGS, key, JsonSerde.of(Settings.class), true),
                new Topic<>(p + NOTIFICATIONS, key, JsonSerde.of(NotificationEvent.class), false),
                new Topic<>(p + NOTIFICATION_STATUS, key, JsonSerde.of(StatusCommand.class), false),
                new Topic<>(p + EMAIL_EVENTS, key, JsonSerde.of(EmailEvent.class), false),
                new Topic<>(p + DEAD_LETTER, Serdes.ByteArray(), Serdes.ByteArray(), false));
    }

    /** The topics under the prefix that {@code NYT_TOPIC_PREFIX} names in {@code env} (none if unset). */
    public static Topics fromEnv(Map<String, String> env) {
        return withPrefix(env.getOrDefault(PREFIX_VARIABLE, ""));
    }

    public List<Topic<?, ?>> all() {
        return List.of(notifyRequested, subscriptionRequests, users, subscriptions, settings,
                notifications, notificationStatus, emailEvents, deadLetter);
    }
}

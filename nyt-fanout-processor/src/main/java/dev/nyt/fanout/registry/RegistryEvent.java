package dev.nyt.fanout.registry;

import dev.nyt.events.Settings;
import dev.nyt.events.topic.SettingsKey;
import dev.nyt.events.Subscription;
import dev.nyt.events.outcome.CommandOutcome;

/** What the registry changed, to be written to the subscriptions table's topics. */
public sealed interface RegistryEvent {

    /**
     * A settings object was created or changed ({@code now}), or deleted ({@code now == null});
     * {@code key} names it by owner and id, as the {@code nyt-settings} key does.
     */
    record SettingsChanged(SettingsKey key, Settings now) implements RegistryEvent {

        public static SettingsChanged changed(Settings now) {
            return new SettingsChanged(SettingsKey.of(now), now);
        }

        public static SettingsChanged deleted(Settings before) {
            return new SettingsChanged(SettingsKey.of(before), null);
        }
    }

    /**
     * A subscription was created or changed ({@code now}), or deleted ({@code now == null});
     * {@code before} is its previous state, which a deletion needs to find it by notification key.
     */
    record SubscriptionChanged(Subscription before, Subscription now) implements RegistryEvent {

        public Subscription current() {
            return now != null ? now : before;
        }
    }

    /**
     * Whether {@code userId} receives events of {@code key} changed without a subscription changing (the
     * user became inactive or active again): the fan-out's routing must learn it.
     */
    record ReachChanged(String key, String userId) implements RegistryEvent {
    }

    /** The registry's answer to a command that carried a command id. */
    record CommandDecided(CommandOutcome outcome) implements RegistryEvent {
    }
}

package dev.nyt.fanout.registry;

import dev.nyt.events.Settings;
import dev.nyt.events.Subscription;

/** What the registry changed, to be written to the subscriptions table's topics. */
public sealed interface RegistryEvent {

    /** A settings object was created or changed ({@code now}), or deleted ({@code now == null}). */
    record SettingsChanged(String settingsId, Settings now) implements RegistryEvent {
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
}

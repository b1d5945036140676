package dev.nyt.fanout.registry;

import dev.nyt.events.Target;
import dev.nyt.fanout.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids the registry makes, derived from what identifies the thing (name-based UUIDs), so that
 * reprocessing the same commands gives the same ids and get-or-create needs no lookup table.
 */
public final class Ids {

    private Ids() {
    }

    /** The settings a user gets on demand when subscribing without naming any. */
    public static String defaultSettingsId(String userId) {
        return uuid("default-settings", userId);
    }

    /** One subscription per (settings, key, target), as django-nyt's get_or_create. */
    public static String subscriptionId(String userId, String settingsId, String key, Target target) {
        String contentType = target == null ? "" : target.contentType();
        String objectId = target == null || target.objectId() == null ? "" : target.objectId();
        return uuid("subscription", userId, settingsId, key, contentType, objectId);
    }

    private static String uuid(String... parts) {
        return UUID.nameUUIDFromBytes(StoreKeys.of(parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

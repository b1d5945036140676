package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Create or change one of a user's settings objects. {@code interval} is in minutes and must be one
 * of the configured intervals (the registry checks); null keeps the current one, or takes the
 * configured default for a new settings object. Making one settings default un-defaults the other.
 */
public record UpsertSettings(String userId, String settingsId, Integer interval, @JsonProperty("isDefault") Boolean isDefault)
        implements SubscriptionCommand {

    public UpsertSettings {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
        if (interval != null && interval < -1) {
            throw new InvalidEventException("interval", "must be -1 (never) or a number of minutes >= 0");
        }
    }
}

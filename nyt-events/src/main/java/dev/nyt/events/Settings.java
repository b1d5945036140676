package dev.nyt.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One settings object of a user, on the compacted {@code nyt-settings} topic keyed by its owner and
 * id ({@link dev.nyt.events.topic.SettingsKey}: a client chooses its settings ids, so the id alone is
 * unique per user only); a tombstone means it was deleted. {@code interval} is in minutes:
 * -1 never, 0 instantly, else the digest period.
 */
public record Settings(String settingsId, String userId, int interval, @JsonProperty("isDefault") boolean isDefault, Instant created) {

    public Settings {
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        if (interval < -1) {
            throw new InvalidEventException("interval", "must be -1 (never) or a number of minutes >= 0");
        }
        Limits.require("created", created);
    }
}

package dev.nyt.digest.input;

import dev.nyt.events.Settings;
import java.util.Objects;

/**
 * A record of {@code nyt-settings} re-keyed by its user; {@code settings} is null for a tombstone
 * (deleted). The value of the {@code digest-settings-by-user} repartition topic.
 */
public record SettingsChange(String settingsId, Settings settings) implements DigestInput {

    public SettingsChange {
        Objects.requireNonNull(settingsId, "settingsId");
    }
}

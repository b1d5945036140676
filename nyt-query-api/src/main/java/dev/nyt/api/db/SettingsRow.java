package dev.nyt.api.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One settings object of the caller. */
public record SettingsRow(String settingsId, int interval, String intervalLabel,
                          @JsonProperty("isDefault") boolean isDefault, Instant created) {
}

package dev.nyt.events.topic;

import dev.nyt.events.InvalidEventException;
import dev.nyt.events.Limits;
import dev.nyt.events.Settings;
import dev.nyt.events.json.Json;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * The key of a {@code nyt-settings} record: the owning user and the settings id together, because a
 * client chooses its settings ids and two users may choose the same one. On the topic it is the JSON
 * array {@code ["<userId>","<settingsId>"]} (UTF-8), so it is readable in any console and no
 * separator can be forged from inside an id.
 */
public record SettingsKey(String userId, String settingsId) {

    private static final TypeReference<List<String>> PARTS = new TypeReference<>() {
    };

    public SettingsKey {
        Limits.requireText("userId", userId, Limits.MAX_ID_LENGTH);
        Limits.requireText("settingsId", settingsId, Limits.MAX_ID_LENGTH);
    }

    /** The key of a settings record's own value. */
    public static SettingsKey of(Settings settings) {
        return new SettingsKey(settings.userId(), settings.settingsId());
    }

    /** The record key, e.g. {@code ["alice","s-1"]}. */
    public String encode() {
        return Json.mapper().writeValueAsString(List.of(userId, settingsId));
    }

    /** Whether a record key is in this form (a key written before settings were keyed by owner is not). */
    public static boolean isEncoded(String key) {
        return key != null && key.startsWith("[");
    }

    /** The key {@link #encode()} wrote; anything else is refused naming the key. */
    public static SettingsKey parse(String key) {
        if (!isEncoded(key)) {
            throw new InvalidEventException("key", "a nyt-settings key is [\"<userId>\",\"<settingsId>\"], was " + key);
        }
        List<String> parts;
        try {
            parts = Json.mapper().readValue(key, PARTS);
        } catch (JacksonException e) {
            throw new InvalidEventException("key", "a nyt-settings key is [\"<userId>\",\"<settingsId>\"], was " + key);
        }
        if (parts == null || parts.size() != 2) {
            throw new InvalidEventException("key", "a nyt-settings key has exactly two parts, was " + key);
        }
        return new SettingsKey(parts.get(0), parts.get(1));
    }

    /** Refuses a record whose value names another owner or id than its key. */
    public SettingsKey requireMatches(Settings value) {
        if (value != null && !equals(of(value))) {
            throw new InvalidEventException("key", "the key " + encode() + " is not the value's userId and settingsId "
                    + of(value).encode());
        }
        return this;
    }
}

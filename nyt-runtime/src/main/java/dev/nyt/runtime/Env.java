package dev.nyt.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed reading of {@code NYT_*} variables from an injected map (the process environment in
 * {@code main}, a plain map in tests). Every bad value is a {@link ConfigException} naming the variable.
 */
public final class Env {

    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** The value, or empty when unset or blank. */
    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new ConfigException(name, "must be from " + min + " to " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, was '" + raw.get() + "'");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name, "must be true or false, was '" + raw.get() + "'");
        };
    }

    public Duration seconds(String name, Duration defaultValue, long minSeconds, long maxSeconds) {
        long seconds = integer(name, (int) defaultValue.toSeconds(), (int) minSeconds, (int) maxSeconds);
        return Duration.ofSeconds(seconds);
    }

    /** A value that must be one of {@code choices} (compared in lower case). */
    public String oneOf(String name, String defaultValue, String... choices) {
        String value = string(name, defaultValue).toLowerCase(Locale.ROOT);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return value;
            }
        }
        throw new ConfigException(name, "must be one of " + String.join(", ", choices) + ", was '" + value + "'");
    }
}

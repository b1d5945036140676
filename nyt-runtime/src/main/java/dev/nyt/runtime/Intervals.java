package dev.nyt.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The e-mail intervals a user's settings may choose, in minutes with a label:
 * {@code NYT_INTERVALS} ("minutes:label" pairs, comma separated) and the default for new settings,
 * {@code NYT_INTERVALS_DEFAULT}. -1 (never) is always allowed, as in django-nyt.
 */
public record Intervals(Map<Integer, String> labels, int defaultInterval) {

    public static final int NEVER = -1;
    public static final int INSTANTLY = 0;
    public static final String VARIABLE = "NYT_INTERVALS";
    public static final String DEFAULT_VARIABLE = "NYT_INTERVALS_DEFAULT";
    public static final String DEFAULTS = "-1:never,0:instantly,1380:daily,9660:weekly";

    public Intervals {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        if (!labels.containsKey(defaultInterval)) {
            throw new ConfigException(DEFAULT_VARIABLE,
                    "must be one of the intervals " + labels.keySet() + ", was " + defaultInterval);
        }
    }

    public static Intervals fromEnv(Env env) {
        Map<Integer, String> labels = parse(env.string(VARIABLE, DEFAULTS));
        int defaultInterval = env.integer(DEFAULT_VARIABLE, INSTANTLY, NEVER, Integer.MAX_VALUE);
        return new Intervals(labels, defaultInterval);
    }

    public static Intervals defaults() {
        return new Intervals(parse(DEFAULTS), INSTANTLY);
    }

    static Map<Integer, String> parse(String spec) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        labels.put(NEVER, "never");
        for (String pair : spec.split(",")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ConfigException(VARIABLE, "each entry must be minutes:label, was '" + trimmed + "'");
            }
            try {
                int minutes = Integer.parseInt(trimmed.substring(0, colon).trim());
                if (minutes < NEVER) {
                    throw new ConfigException(VARIABLE, "minutes must be -1 or more, was " + minutes);
                }
                labels.put(minutes, trimmed.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(VARIABLE, "minutes must be a whole number, was '" + trimmed + "'");
            }
        }
        return labels;
    }

    public boolean allows(int minutes) {
        return labels.containsKey(minutes);
    }

    public Optional<String> label(int minutes) {
        return Optional.ofNullable(labels.get(minutes));
    }
}

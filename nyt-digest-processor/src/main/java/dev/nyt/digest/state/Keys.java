package dev.nyt.digest.state;

import dev.nyt.runtime.RefusedException;
import java.util.List;
import java.util.Locale;

/**
 * Store keys: parts joined by {@code '\u0000'}, numbers zero-padded to 19 digits, so that the byte
 * order of the serialized strings is the order scans need (one user's entries together, one
 * user's settings together, due times in time order).
 */
public final class Keys {

    public static final char SEPARATOR = '\u0000';
    private static final String NUMBER_FORMAT = "%019d";

    private Keys() {
    }

    /** The parts joined; each must be free of the separator. */
    public static String of(String... parts) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(SEPARATOR);
            }
            key.append(parts[i]);
        }
        return key.toString();
    }

    /** The key prefix of everything under these parts (they, then a separator). */
    public static String prefix(String... parts) {
        return of(parts) + SEPARATOR;
    }

    /** A non-negative number as 19 digits (time in epoch ms, notification ids). */
    public static String number(long value) {
        return String.format(Locale.ROOT, NUMBER_FORMAT, Math.max(0L, value));
    }

    /**
     * The smallest key greater than every key that starts with {@code number(value)} followed by
     * the separator: the inclusive upper bound of a range scan "due at or before {@code value}".
     */
    public static String upToAndIncluding(long value) {
        return number(value) + '\u0001';
    }

    public static List<String> split(String key) {
        return List.of(key.split(String.valueOf(SEPARATOR), -1));
    }

    /** Ids become parts of keys: one with the separator in it would break every scan. */
    public static String requireId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new RefusedException(field + " is required");
        }
        if (value.indexOf(SEPARATOR) >= 0) {
            throw new RefusedException(field + " must not contain the NUL character");
        }
        return value;
    }
}

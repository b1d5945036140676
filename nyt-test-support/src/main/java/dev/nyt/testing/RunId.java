package dev.nyt.testing;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * One random id per test JVM, part of every topic and database name this module hands out,
 * so two runs against the same broker or server never see each other's data.
 */
final class RunId {

    private static final String VALUE = Long.toString(new SecureRandom().nextLong() >>> 24, 36)
            .toLowerCase(Locale.ROOT);

    private RunId() {
    }

    /** Lower-case letters and digits only: valid in topic names and unquoted SQL identifiers. */
    static String value() {
        return VALUE;
    }
}

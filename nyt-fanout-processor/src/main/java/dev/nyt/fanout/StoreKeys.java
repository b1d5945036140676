package dev.nyt.fanout;

/**
 * Composite keys of the state stores: parts joined by NUL, which the contract forbids inside ids
 * and keys, so a prefix of whole parts selects exactly the records under it and a prefix scan
 * walks them in order (RocksDB compares UTF-8 bytes, NUL sorts first).
 */
public final class StoreKeys {

    public static final char SEPARATOR = '\u0000';

    private StoreKeys() {
    }

    /** The parts joined, e.g. {@code of(user, subscription)}. */
    public static String of(String... parts) {
        return String.join(String.valueOf(SEPARATOR), parts);
    }

    /** The prefix that selects every key starting with these whole parts. */
    public static String prefix(String... parts) {
        return of(parts) + SEPARATOR;
    }

    /** Part {@code n} (from 0) of a composite key. */
    public static String part(String key, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            from = key.indexOf(SEPARATOR, from) + 1;
        }
        int to = key.indexOf(SEPARATOR, from);
        return key.substring(from, to < 0 ? key.length() : to);
    }

    /** The last part of a composite key. */
    public static String last(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }
}

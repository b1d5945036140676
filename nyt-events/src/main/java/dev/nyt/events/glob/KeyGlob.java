package dev.nyt.events.glob;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over notification keys with django-nyt's rules (the ones its e-mail template lists use):
 * {@code *} and {@code ?} never cross a {@code /}, {@code **} does, {@code [abc]}, {@code [a-z]} and
 * {@code [!abc]} match one character other than {@code /}, and a {@code [} without its {@code ]}
 * is an ordinary character. The whole key must match. Immutable and thread-safe.
 *
 * <p>The regular expression it compiles to is written in the part of the syntax that Java's {@link Pattern}
 * and PostgreSQL's advanced regular expressions read alike (metacharacters escaped with a backslash,
 * {@code (?:)}, {@code (?!)}, bracket classes), so {@link #sqlRegex()} selects in SQL exactly what
 * {@link #matches} selects in Java.
 */
public final class KeyGlob {

    private static final char SEPARATOR = '/';

    private final String glob;
    private final Pattern pattern;

    private KeyGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(toRegex(glob), Pattern.DOTALL);
    }

    public static KeyGlob compile(String glob) {
        return new KeyGlob(Objects.requireNonNull(glob, "glob"));
    }

    public boolean matches(String key) {
        return key != null && pattern.matcher(key).matches();
    }

    /** The glob as a PostgreSQL regular expression for {@code key ~ ?}: anchored, the same rules as {@link #matches}. */
    public String sqlRegex() {
        return "^(?:" + pattern.pattern() + ")$";
    }

    public String glob() {
        return glob;
    }

    @Override
    public String toString() {
        return glob;
    }

    static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() * 2);
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
                regex.append(doubleStar ? ".*" : "[^/]*");
                i += doubleStar ? 2 : 1;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else if (c == '[') {
                int end = classEnd(glob, i);
                if (end < 0) {
                    regex.append("\\[");
                    i++;
                } else {
                    regex.append(characterClass(glob.substring(i + 1, end)));
                    i = end + 1;
                }
            } else {
                literal(regex, c);
                i++;
            }
        }
        return regex.toString();
    }

    /** Characters a regular expression reads as syntax, in Java or PostgreSQL, outside or inside a class. */
    private static final String SYNTAX = "\\^$.|?*+()[]{}-&/#";

    /** One character of the key, literal in both dialects: syntax escaped by a backslash, the rest as it is. */
    private static void literal(StringBuilder regex, char c) {
        if (SYNTAX.indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }

    /** The index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String glob, int open) {
        int j = open + 1;
        if (j < glob.length() && glob.charAt(j) == '!') {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++; // a leading ']' belongs to the set, as in fnmatch
        }
        int close = glob.indexOf(']', j);
        return close;
    }

    private static String characterClass(String body) {
        boolean negated = body.startsWith("!");
        String members = negated ? body.substring(1) : body;
        StringBuilder set = new StringBuilder();
        for (int k = 0; k < members.length(); k++) {
            char m = members.charAt(k);
            boolean range = m == '-' && k > 0 && k < members.length() - 1;
            if (range) {
                set.append(m);
            } else {
                literal(set, m);
            }
        }
        // a class never matches the separator, whether it is negated or not
        return negated
                ? "[^" + set + "\\" + SEPARATOR + "]"
                : "(?:(?!\\" + SEPARATOR + ")[" + set + "])";
    }
}

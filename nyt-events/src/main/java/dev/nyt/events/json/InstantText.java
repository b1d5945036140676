package dev.nyt.events.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The one timestamp form nyt writes, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} in UTC with a year of
 * four digits, read and written without {@code DateTimeFormatter} (whose parsing allocates a map
 * per value and was a tenth of the fan-out's allocation). It only ever answers for text it is sure
 * of: {@link #parse} returns {@code null} for anything else (another offset, lower-case letters,
 * hour 24, a leap second, a day the month lacks, a year beyond 9999) and {@link #format} returns
 * {@code -1} outside years 0–9999, so the caller falls back to Jackson's own handling and what is
 * accepted, refused or written stays exactly Jackson's (ISO-8601 as {@code Instant.toString()}).
 */
final class InstantText {

    /** The longest text written: {@code 9999-12-31T23:59:59.123456789Z}. */
    static final int MAX_LENGTH = 30;

    private static final int SHORTEST = 20; // 2024-01-31T10:00:00Z
    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants of four-digit years. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;

    private InstantText() {
    }

    /** The instant the text says, or {@code null} when the text is not in the plain UTC form. */
    static Instant parse(char[] text, int offset, int length) {
        if (length < SHORTEST || length > MAX_LENGTH || text[offset + length - 1] != 'Z') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || text[offset + 4] != '-' || text[offset + 7] != '-' || text[offset + 10] != 'T'
                || text[offset + 13] != ':' || text[offset + 16] != ':'
                || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        int fractionDigits = length - SHORTEST - 1; // after the '.'
        if (length > SHORTEST) {
            if (fractionDigits < 1 || text[offset + 19] != '.') {
                return null;
            }
            nanos = digits(text, offset + 20, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    static Instant parse(String text) {
        return parse(text.toCharArray(), 0, text.length());
    }

    /**
     * Writes the instant as {@code Instant.toString()} does (the fraction in groups of three digits,
     * none when zero) into {@code out} from 0, answering the length; {@code -1} for a year outside
     * 0–9999, whose text {@code Instant.toString()} writes with a sign.
     */
    static int format(Instant instant, char[] out) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
            return -1;
        }
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int length = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1000 == 0) {
                put(out, length, nanos / 1000, 6);
                length += 6;
            } else {
                put(out, length, nanos, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        return length;
    }

    /** The decimal value of {@code count} ASCII digits, or -1 if any is not a digit. */
    private static int digits(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void put(char[] out, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}

package dev.nyt.api.http;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Django's {@code naturaltime} filter for past moments, as django-nyt's {@code since} field uses it:
 * "now", "a second ago", "12 seconds ago", "a minute ago", "3 minutes ago", "an hour ago", "5 hours ago",
 * and from one day on Django's {@code timesince} with two parts: "1 day ago", "2 days, 3 hours ago",
 * "1 month, 2 weeks ago", "1 year, 1 month ago" (months of 28–31 days as the calendar has them, February
 * always 28, as Django counts). Django separates number and unit with a no-break space; here it is a plain
 * space, so clients can compare text. A moment in the future (clock skew) reads "now".
 */
public final class NaturalTime {

    private static final int[] MONTH_DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final String[] UNITS = {"year", "month", "week", "day", "hour", "minute"};
    private static final long[] CHUNKS = {7 * 24 * 3600, 24 * 3600, 3600, 60};

    private NaturalTime() {
    }

    public static String since(Instant then, Instant now) {
        if (!then.isBefore(now)) {
            return "now";
        }
        Duration delta = Duration.between(then, now);
        long days = delta.toDays();
        long seconds = delta.minusDays(days).toSeconds();
        if (days != 0) {
            return timesince(then, now) + " ago";
        }
        if (seconds == 0) {
            return "now";
        }
        if (seconds < 60) {
            return seconds == 1 ? "a second ago" : seconds + " seconds ago";
        }
        if (seconds / 60 < 60) {
            long minutes = seconds / 60;
            return minutes == 1 ? "a minute ago" : minutes + " minutes ago";
        }
        long hours = seconds / 3600;
        return hours == 1 ? "an hour ago" : hours + " hours ago";
    }

    /** Django's {@code timesince(d, now, depth=2)} for {@code d < now}. */
    static String timesince(Instant then, Instant now) {
        LocalDateTime d = LocalDateTime.ofInstant(then, ZoneOffset.UTC).withNano(0);
        LocalDateTime n = LocalDateTime.ofInstant(now, ZoneOffset.UTC).withNano(0);
        long totalMonths = (n.getYear() - d.getYear()) * 12L + (n.getMonthValue() - d.getMonthValue());
        if (d.getDayOfMonth() > n.getDayOfMonth()
                || (d.getDayOfMonth() == n.getDayOfMonth() && d.toLocalTime().isAfter(n.toLocalTime()))) {
            totalMonths--;
        }
        long years = totalMonths / 12;
        long months = totalMonths % 12;
        LocalDateTime pivot = d;
        if (years != 0 || months != 0) {
            int pivotYear = (int) (d.getYear() + years);
            int pivotMonth = (int) (d.getMonthValue() + months);
            if (pivotMonth > 12) {
                pivotMonth -= 12;
                pivotYear++;
            }
            pivot = LocalDateTime.of(pivotYear, pivotMonth, Math.min(MONTH_DAYS[pivotMonth - 1], d.getDayOfMonth()),
                    d.getHour(), d.getMinute(), d.getSecond());
        }
        long remaining = Duration.between(pivot, n).toSeconds();
        long[] partials = new long[6];
        partials[0] = years;
        partials[1] = months;
        for (int i = 0; i < CHUNKS.length; i++) {
            partials[i + 2] = remaining / CHUNKS[i];
            remaining -= partials[i + 2] * CHUNKS[i];
        }
        int first = 0;
        while (first < partials.length && partials[first] == 0) {
            first++;
        }
        if (first == partials.length) {
            return "0 minutes";
        }
        List<String> parts = new ArrayList<>(2);
        for (int i = first; i < partials.length && parts.size() < 2 && partials[i] != 0; i++) {
            parts.add(partials[i] + " " + UNITS[i] + (partials[i] == 1 ? "" : "s"));
        }
        return String.join(", ", parts);
    }
}

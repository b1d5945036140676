package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** django.contrib.humanize's naturaltime for the past, as django-nyt's "since" shows it. */
class NaturalTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "{0} s before now reads \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "0        | now",
        "-30      | now",
        "1        | a second ago",
        "12       | 12 seconds ago",
        "59       | 59 seconds ago",
        "60       | a minute ago",
        "180      | 3 minutes ago",
        "3599     | 59 minutes ago",
        "3600     | an hour ago",
        "18000    | 5 hours ago",
        "86399    | 23 hours ago",
        "86400    | 1 day ago",
        "183600   | 2 days, 3 hours ago",
        "604800   | 1 week ago",
        "777600   | 1 week, 2 days ago",
    })
    void readsLikeDjangosNaturaltime(long secondsAgo, String expected) {
        assertThat(NaturalTime.since(NOW.minusSeconds(secondsAgo), NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} to {1} reads \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "2026-10-09T10:00:00Z | 2026-11-23T10:00:00Z | 1 month, 2 weeks",
        "2025-10-23T09:00:00Z | 2026-11-23T10:00:00Z | 1 year, 1 month",
        "2026-01-31T10:00:00Z | 2026-03-01T10:00:00Z | 1 month",
        "2026-01-31T10:00:00Z | 2026-03-08T10:00:00Z | 1 month, 1 week",
        "2024-11-23T10:00:00Z | 2026-11-23T10:00:00Z | 2 years",
    })
    void countsMonthsAndYearsByTheCalendarAsDjangosTimesince(Instant then, Instant now, String expected) {
        assertThat(NaturalTime.timesince(then, now)).isEqualTo(expected);
        assertThat(NaturalTime.since(then, now)).isEqualTo(expected + " ago");
    }

    @org.junit.jupiter.api.Test
    void ignoresFractionsOfASecond() {
        assertThat(NaturalTime.since(NOW.minus(Duration.ofMillis(999)), NOW)).isEqualTo("now");
    }
}

package dev.nyt.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared mapper's fast timestamp path answers exactly as Jackson's own handling: the same
 * instant for every text Jackson accepts, a refusal for every text it refuses, the same text written.
 */
class InstantTextTest {

    /** The shared mapper's settings with Jackson's standard Instant handling only. */
    private static final JsonMapper STANDARD = Json.configure(JsonMapper.builder()).build();

    record Stamped(Instant at) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-31T10:00:00Z", "2024-01-31T10:00:00.1Z", "2024-01-31T10:00:00.12Z", "2024-01-31T10:00:00.123Z",
        "2024-01-31T10:00:00.1234Z", "2024-01-31T10:00:00.12345Z", "2024-01-31T10:00:00.123456Z",
        "2024-01-31T10:00:00.1234567Z", "2024-01-31T10:00:00.12345678Z", "2024-01-31T10:00:00.123456789Z",
        "2024-01-31T10:00:00.000Z", "2024-02-29T23:59:59.999999999Z", "2000-02-29T00:00:00Z",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
        "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2023-12-31T23:59:59.999Z", "2024-01-01T00:00:00Z",
    })
    void readsThePlainUtcFormAsJacksonDoes(String text) {
        Instant fast = InstantText.parse(text);

        assertThat(fast).isNotNull().isEqualTo(Instant.parse(text));
        assertThat(read(Json.mapper(), text)).isEqualTo(read(STANDARD, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-31T10:00:00+01:00", "2024-01-31T10:00:00+00:00", "2024-01-31T10:00:00.123-05:30",
        "2024-01-31t10:00:00z", "2024-01-31T24:00:00Z", "2023-06-30T23:59:60Z", "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z", "1700000000", "1700000000.5", "2024-01-31T10:00:00.1234567890Z", "2024-01-31T10:00:00.Z",
        " 2024-01-31T10:00:00Z", "",
    })
    void leavesEveryOtherFormToJackson(String text) {
        assertThat(InstantText.parse(text)).isNull();
        assertThat(outcome(Json.mapper(), text)).isEqualTo(outcome(STANDARD, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-31T25:00:00Z", "2024-01-31T10:60:00Z",
        "2024-01-31T10:00:61Z", "2024-01-31T10:00Z", "2024-01-31 10:00:00Z",
        "2024-01-31T10:00:00", "2024-1-31T10:00:00Z", "2024-01-31T10:00:00.12a4Z",
        "2024-01-31X10:00:00Z", "2024-01-31T10-00:00Z", "２０２４-01-31T10:00:00Z",
    })
    void refusesWhatJacksonRefuses(String text) {
        assertThat(InstantText.parse(text)).isNull();
        assertThat(outcome(Json.mapper(), text)).isEqualTo(outcome(STANDARD, text));
        assertThatThrownBy(() -> read(Json.mapper(), text)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void writesTheTextJacksonWrites() {
        Random random = new Random(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        List<Instant> instants = IntStream.range(0, 20_000).mapToObj(i -> {
            long second = min + (long) (random.nextDouble() * (max - min));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            return Instant.ofEpochSecond(second, nanos);
        }).toList();

        for (Instant instant : instants) {
            String written = Json.mapper().writeValueAsString(new Stamped(instant));
            assertThat(written).isEqualTo(STANDARD.writeValueAsString(new Stamped(instant)));
            assertThat(Json.mapper().readValue(written, Stamped.class).at()).isEqualTo(instant);
        }
    }

    @Test
    void writesYearsBeyondFourDigitsAsJacksonDoes() {
        for (Instant instant : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.MIN, Instant.MAX, Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"))) {
            assertThat(Json.mapper().writeValueAsString(new Stamped(instant)))
                    .isEqualTo(STANDARD.writeValueAsString(new Stamped(instant)));
        }
    }

    @Test
    void aMapperThatTruncatesOrWritesNumbersGetsJacksonsHandling() {
        Instant instant = Instant.parse("2024-01-31T10:00:00.123456789Z");
        var truncating = Json.mapper().rebuild()
                .enable(DateTimeFeature.TRUNCATE_TO_MSECS_ON_READ, DateTimeFeature.TRUNCATE_TO_MSECS_ON_WRITE).build();
        var numbers = Json.mapper().rebuild().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

        assertThat(truncating.writeValueAsString(new Stamped(instant))).contains("10:00:00.123Z");
        assertThat(read(truncating, "2024-01-31T10:00:00.123456789Z")).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
        assertThat(numbers.writeValueAsString(new Stamped(instant))).isEqualTo("{\"at\":1706695200.123456789}");
    }

    @Test
    void writesNullAsNull() {
        assertThat(Json.mapper().writeValueAsString(new Stamped(null))).isEqualTo("{\"at\":null}");
        assertThat(Json.mapper().readValue("{\"at\":null}", Stamped.class).at()).isNull();
    }

    private static Instant read(JsonMapper mapper, String text) {
        return mapper.readValue("{\"at\":" + STANDARD.writeValueAsString(text) + "}", Stamped.class).at();
    }

    /** The instant read, or the kind of failure: what a caller can observe. */
    private static Object outcome(JsonMapper mapper, String text) {
        try {
            return read(mapper, text);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}

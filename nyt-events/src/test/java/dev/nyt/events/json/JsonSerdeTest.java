package dev.nyt.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

class JsonSerdeTest {

    record Stamp(String name, Instant at) {
    }

    private static final Instant AT = Instant.parse("2026-01-05T10:00:00.123456789Z");

    @Test
    void the_contract_serde_writes_instants_as_iso_text() {
        byte[] bytes = JsonSerde.of(Stamp.class).serialize("t", new Stamp("a", AT));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"a\",\"at\":\"2026-01-05T10:00:00.123456789Z\"}");
    }

    @Test
    void a_serde_with_its_own_mapper_writes_that_mapper_format_and_reads_it_back() {
        JsonMapper numeric = Json.mapper().rebuild()
                .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DateTimeFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .build();
        JsonSerde<Stamp> serde = JsonSerde.of(Stamp.class, numeric);

        byte[] bytes = serde.serialize("store", new Stamp("a", AT));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"a\",\"at\":1767607200.123456789}");
        assertThat(serde.deserialize("store", bytes)).isEqualTo(new Stamp("a", AT));
    }

    @Test
    void bad_bytes_through_a_serde_with_its_own_mapper_are_one_clear_error_naming_the_topic() {
        JsonSerde<Stamp> serde = JsonSerde.of(Stamp.class, Json.mapper());

        assertThatThrownBy(() -> serde.deserialize("store", "{\"name\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("store");
    }
}

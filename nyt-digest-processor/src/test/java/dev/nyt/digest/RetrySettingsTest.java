package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.config.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {

    private final RetrySettings retry = new RetrySettings(Duration.ofSeconds(5), Duration.ofMinutes(15));

    @Test
    void doublesEachAttemptWithJitterInTheUpperHalf() {
        assertThat(retry.delay(1, 0.0)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(retry.delay(1, 1.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.delay(2, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void neverWaitsLongerThanTheMaximum() {
        assertThat(retry.delay(40, 1.0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(retry.delay(Integer.MAX_VALUE, 0.0)).isEqualTo(Duration.ofSeconds(450));
    }
}

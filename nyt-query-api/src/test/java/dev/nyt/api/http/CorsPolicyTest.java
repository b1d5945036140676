package dev.nyt.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private static CorsPolicy of(String origins) {
        return CorsPolicy.fromEnv(new Env(Map.of(CorsPolicy.VARIABLE, origins)));
    }

    @Test
    void noOriginIsAllowedByDefault() {
        CorsPolicy none = CorsPolicy.fromEnv(new Env(Map.of()));

        assertThat(none.origins()).isEmpty();
        assertThat(none.allows("https://app.example.com")).isFalse();
    }

    @Test
    void allowsExactlyTheListedOriginsWhateverTheirCase() {
        CorsPolicy cors = of(" https://App.example.com , http://localhost:5173");

        assertThat(cors.allows("https://app.example.com")).isTrue();
        assertThat(cors.allows("http://localhost:5173")).isTrue();
        assertThat(cors.allows("http://app.example.com")).as("another scheme").isFalse();
        assertThat(cors.allows("https://app.example.com:8443")).as("another port").isFalse();
        assertThat(cors.allows("https://evil.app.example.com")).isFalse();
        assertThat(cors.allows("null")).isFalse();
        assertThat(cors.allows(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://*.example.com", "app.example.com", "https://app.example.com/", "https://app.example.com/path",
            "ftp://app.example.com", "https://user@app.example.com", "https://app.example.com?x=1"})
    void refusesAnythingButAnExactOriginNamingTheVariable(String value) {
        assertThatThrownBy(() -> of(value)).isInstanceOf(ConfigException.class).hasMessageStartingWith("NYT_CORS_ORIGINS: ");
    }

    @Test
    void aWebSocketIsAllowedWithoutOriginFromItsOwnOriginOrAListedOne() {
        CorsPolicy cors = of("https://app.example.com");

        assertThat(cors.allowsSocket(null, "nyt.example.com")).as("not a browser").isTrue();
        assertThat(cors.allowsSocket("https://nyt.example.com", "nyt.example.com")).as("same origin").isTrue();
        assertThat(cors.allowsSocket("http://localhost:8080", "localhost:8080")).as("same origin with a port").isTrue();
        assertThat(cors.allowsSocket("https://app.example.com", "nyt.example.com")).as("listed").isTrue();
        assertThat(cors.allowsSocket("https://evil.example", "nyt.example.com")).isFalse();
        assertThat(cors.allowsSocket("http://localhost:9999", "localhost:8080")).as("another port").isFalse();
        assertThat(cors.allowsSocket("not an origin", "localhost:8080")).isFalse();
    }
}

package dev.nyt.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.api.push.PushConfig;
import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's configuration from the environment: defaults, and a bad value naming its variable. */
class QueryApiConfigTest {

    private static final String SECRET = "a-config-test-secret-of-32-bytes-or-more";

    private static QueryApiConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("NYT_JWT_SECRET", SECRET);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return QueryApiConfig.fromEnv(new Env(env));
    }

    @Test
    void defaultsFollowTheContract() {
        QueryApiConfig config = config();

        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.db().url()).isEqualTo("jdbc:postgresql://localhost:5432/nyt");
        assertThat(config.db().tablePrefix()).isEqualTo("nyt");
        assertThat(config.kafka().bootstrap()).isEqualTo("localhost:9092");
        assertThat(config.kafka().topics().notifications().name()).isEqualTo("nyt-notifications");
        assertThat(config.auth().devMode()).isFalse();
        assertThat(config.projectorBatch()).isEqualTo(5_000);
        assertThat(config.intervals().allows(1380)).isTrue();
        assertThat(config.push()).isEqualTo(new PushConfig(256, Duration.ofSeconds(5), 1_000));
    }

    @Test
    void readsTheRealtimeSettings() {
        QueryApiConfig config = config("NYT_PUSH_QUEUE", "1024", "NYT_PUSH_RESUME_WAIT_MS", "250", "NYT_PUSH_CATCH_UP_MAX", "50");

        assertThat(config.push()).isEqualTo(new PushConfig(1024, Duration.ofMillis(250), 50));
    }

    @Test
    void readsEveryVariable() {
        QueryApiConfig config = config("NYT_HTTP_PORT", "9000", "NYT_DB_URL", "jdbc:postgresql://db:5432/x",
                "NYT_DB_USER", "u", "NYT_DB_PASSWORD", "p", "NYT_DB_TABLE_PREFIX", "wiki_nyt",
                "NYT_KAFKA_BOOTSTRAP", "kafka:9092", "NYT_TOPIC_PREFIX", "prod.", "NYT_AUTH_MODE", "dev");

        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.db().url()).isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(config.db().user()).isEqualTo("u");
        assertThat(config.db().password()).isEqualTo("p");
        assertThat(config.db().tablePrefix()).isEqualTo("wiki_nyt");
        assertThat(config.kafka().bootstrap()).isEqualTo("kafka:9092");
        assertThat(config.kafka().topics().notifications().name()).isEqualTo("prod.nyt-notifications");
        assertThat(config.auth().devMode()).isTrue();
    }

    @Test
    void aBadValueStopsTheStartNamingTheVariable() {
        assertThat(variableOf("NYT_HTTP_PORT", "http")).isEqualTo("NYT_HTTP_PORT");
        assertThat(variableOf("NYT_HTTP_PORT", "70000")).isEqualTo("NYT_HTTP_PORT");
        assertThat(variableOf("NYT_DB_URL", "mysql://x")).isEqualTo("NYT_DB_URL");
        assertThat(variableOf("NYT_DB_TABLE_PREFIX", "nyt; drop table")).isEqualTo("NYT_DB_TABLE_PREFIX");
        assertThat(variableOf("NYT_AUTH_MODE", "none")).isEqualTo("NYT_AUTH_MODE");
        assertThat(variableOf("NYT_JWT_SECRET", "short")).isEqualTo("NYT_JWT_SECRET");
        assertThat(variableOf("NYT_JWT_JWKS_URL", "ftp://keys")).isEqualTo("NYT_JWT_JWKS_URL");
        assertThat(variableOf("NYT_TOPIC_PREFIX", "bad prefix")).isEqualTo("NYT_TOPIC_PREFIX");
        assertThat(variableOf("NYT_INTERVALS", "daily")).isEqualTo("NYT_INTERVALS");
        assertThat(variableOf("NYT_PUSH_QUEUE", "0")).isEqualTo("NYT_PUSH_QUEUE");
        assertThat(variableOf("NYT_PUSH_RESUME_WAIT_MS", "-1")).isEqualTo("NYT_PUSH_RESUME_WAIT_MS");
        assertThat(variableOf("NYT_PUSH_CATCH_UP_MAX", "lots")).isEqualTo("NYT_PUSH_CATCH_UP_MAX");
    }

    @Test
    void requiresASecretOrJwksUnlessInDevMode() {
        assertThatThrownBy(() -> QueryApiConfig.fromEnv(new Env(Map.of())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("NYT_JWT_SECRET"));
        assertThat(QueryApiConfig.fromEnv(new Env(Map.of("NYT_AUTH_MODE", "dev"))).auth().devMode()).isTrue();
        assertThat(QueryApiConfig.fromEnv(new Env(Map.of("NYT_JWT_JWKS_URL", "https://id.example.com/jwks.json")))
                .auth().jwksUrl()).isPresent();
    }

    private static String variableOf(String name, String value) {
        try {
            config(name, value);
        } catch (ConfigException e) {
            return e.variable();
        }
        throw new AssertionError(name + "=" + value + " was accepted");
    }
}

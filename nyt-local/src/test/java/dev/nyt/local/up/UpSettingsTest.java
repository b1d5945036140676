package dev.nyt.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpSettingsTest {

    @Test
    void fillsInTheDefaultsOfADevelopersMachine() {
        UpSettings settings = UpSettings.fromEnv(Map.of());

        assertThat(settings.env())
                .containsEntry("NYT_AUTH_MODE", "dev")
                .containsEntry("NYT_DB_USER", "postgres")
                .containsEntry("NYT_DOMAIN", "localhost:8080")
                .containsEntry("NYT_HTTP_SCHEME", "http")
                .containsEntry("NYT_EMAIL_SENDER", "nyt@example.com")
                .containsEntry("NYT_STATE_DIR", Path.of(".nyt-state").toAbsolutePath().normalize().toString());
        assertThat(settings.mailCatcher()).isTrue();
        assertThat(settings.notes()).anySatisfy(note -> assertThat(note).contains("NYT_AUTH_MODE=dev"));
    }

    @Test
    void passesEveryGivenVariableThroughUnchanged() {
        Map<String, String> given = Map.of("NYT_AUTH_MODE", "jwt", "NYT_JWT_SECRET", "x".repeat(32), "NYT_DB_USER", "nyt",
                "NYT_HTTP_PORT", "9000", "NYT_SMTP_HOST", "mail.example.com", "NYT_TOPIC_PREFIX", "t-",
                "NYT_EMAIL_SENDER", "bot@example.org", "NYT_STATE_DIR", "/var/lib/nyt");

        UpSettings settings = UpSettings.fromEnv(given);

        assertThat(settings.env()).containsAllEntriesOf(given).containsEntry("NYT_DOMAIN", "localhost:9000");
        assertThat(settings.mailCatcher()).isFalse();
    }

    @Test
    void aJwtSecretKeepsJwtAuthentication() {
        UpSettings settings = UpSettings.fromEnv(Map.of("NYT_JWT_SECRET", "x".repeat(32)));

        assertThat(settings.env()).doesNotContainKey("NYT_AUTH_MODE");
        assertThat(settings.notes()).anySatisfy(note -> assertThat(note).contains("must send a JWT"));
    }

    @Test
    void theMailCatcherReplacesTheSmtpServer() {
        UpSettings settings = UpSettings.fromEnv(Map.of("NYT_SMTP_USERNAME", "u", "NYT_SMTP_TRANSPORT", "smtps"))
                .withMailCatcherAt("127.0.0.1", 2525);

        assertThat(settings.env()).containsEntry("NYT_SMTP_HOST", "127.0.0.1").containsEntry("NYT_SMTP_PORT", "2525")
                .containsEntry("NYT_SMTP_TRANSPORT", "smtp").doesNotContainKey("NYT_SMTP_USERNAME");
    }
}

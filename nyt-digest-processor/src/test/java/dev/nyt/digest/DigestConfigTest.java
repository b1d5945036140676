package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.digest.config.DigestConfig;
import dev.nyt.digest.config.SmtpSettings;
import dev.nyt.digest.template.DigestRenderer;
import dev.nyt.runtime.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestConfigTest {

    @Test
    void defaultsFollowDjangoNytAndTheContract() {
        // When
        DigestConfig config = DigestConfig.fromEnv(Map.of());

        // Then
        assertThat(config.sendEmails()).isTrue();
        assertThat(config.skipViewed()).isFalse();
        assertThat(config.tick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.email().domain()).isEqualTo("example.com");
        assertThat(config.email().httpScheme()).isEqualTo("https");
        assertThat(config.email().sender()).isEqualTo("nyt@example.com");
        assertThat(config.email().templates().defaultTemplate()).isEqualTo("notifications/emails/default.txt");
        assertThat(config.email().subjectTemplates().defaultTemplate()).isEqualTo("notifications/emails/default_subject.txt");
        assertThat(config.smtp().host()).isEqualTo("localhost");
        assertThat(config.smtp().port()).isEqualTo(25);
        assertThat(config.smtp().transport()).isEqualTo(SmtpSettings.Transport.SMTP);
        assertThat(config.intervalLabel(0)).isEqualTo("instantly");
        assertThat(config.intervalLabel(1380)).isEqualTo("daily");
        assertThat(config.intervalLabel(9660)).isEqualTo("weekly");
    }

    @Test
    void transportChoosesTheDefaultPort() {
        assertThat(DigestConfig.fromEnv(Map.of("NYT_SMTP_TRANSPORT", "smtps")).smtp().port()).isEqualTo(465);
        assertThat(DigestConfig.fromEnv(Map.of("NYT_SMTP_TRANSPORT", "SMTP_TLS")).smtp().port()).isEqualTo(587);
        assertThat(DigestConfig.fromEnv(Map.of("NYT_SMTP_TRANSPORT", "smtp_tls", "NYT_SMTP_PORT", "2525")).smtp().port())
                .isEqualTo(2525);
    }

    @Test
    void passwordNeverShowsInTheSettingsText() {
        DigestConfig config = DigestConfig.fromEnv(Map.of("NYT_SMTP_USERNAME", "mailer", "NYT_SMTP_PASSWORD", "s3cret"));

        assertThat(config.toString()).doesNotContain("s3cret").contains("****");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
        "NYT_DIGEST_TICK_SECONDS|0",
        "NYT_DIGEST_TICK_SECONDS|soon",
        "NYT_SEND_EMAILS|maybe",
        "NYT_SMTP_TRANSPORT|pigeon",
        "NYT_SMTP_PORT|70000",
        "NYT_HTTP_SCHEME|ftp",
        "NYT_EMAIL_SENDER|not an address",
        "NYT_EMAIL_TEMPLATE_NAMES|admin/**",
        "NYT_EMAIL_SUBJECT_TEMPLATE_NAMES|=x.txt",
        "NYT_EMAIL_TEMPLATE_DIR|/no/such/directory",
        "NYT_DOMAIN|https://example.com",
        "NYT_SMTP_RETRY_MAX_SECONDS|0",
        "NYT_INTERVALS|daily",
        "NYT_SMTP_PASSWORD|password-without-user",
    })
    void badValueStopsTheStartNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> DigestConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable())
                        .isEqualTo(variable.equals("NYT_SMTP_PASSWORD") ? "NYT_SMTP_USERNAME" : variable));
    }

    @Test
    void templateThatDoesNotExistIsNamedAtStart() {
        // Given
        DigestConfig config = DigestConfig.fromEnv(Map.of("NYT_EMAIL_TEMPLATE_NAMES", "admin/**=admin/missing.txt"));

        // Then
        assertThatThrownBy(() -> DigestRenderer.create(config.email()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NYT_EMAIL_TEMPLATE_NAMES")
                .hasMessageContaining("admin/missing.txt");
    }

    @Test
    void defaultTemplateThatDoesNotExistIsNamedAtStart() {
        DigestConfig config = DigestConfig.fromEnv(Map.of("NYT_EMAIL_SUBJECT_TEMPLATE_DEFAULT", "nope.txt"));

        assertThatThrownBy(() -> DigestRenderer.create(config.email()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("NYT_EMAIL_SUBJECT_TEMPLATE_DEFAULT");
    }
}

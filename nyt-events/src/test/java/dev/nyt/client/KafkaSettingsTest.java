package dev.nyt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.client.KafkaSettings.InvalidSettingException;
import dev.nyt.client.KafkaSettings.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"nyt\" password=\"s3cret-pw\";";

    @Test
    void mapsEveryNytKafkaVariableToItsClientSettingLowerCasedWithDots() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                "NYT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "NYT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "NYT_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "NYT_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/nyt/truststore.p12"));

        Map<String, Object> config = settings.config(Kind.CONSUMER, "nyt-query-api-push", Map.of(), Map.of());

        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/nyt/truststore.p12")
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("client.id", "nyt-query-api-push");
        assertThat(settings.setting(Kind.CONSUMER, "sasl.jaas.config")).get()
                .extracting(KafkaSettings.Setting::variable).isEqualTo("NYT_KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void theContractsBootstrapVariableIsBootstrapServersForEveryKindOfClient() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of("NYT_KAFKA_BOOTSTRAP", " broker-1:9093,broker-2:9093 "));

        for (Kind kind : Kind.values()) {
            assertThat(settings.config(kind, "x", Map.of(), Map.of())).containsEntry("bootstrap.servers",
                    "broker-1:9093,broker-2:9093");
        }
        assertThat(settings.bootstrap()).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(settings.forKind(Kind.PRODUCER)).as("bootstrap is not an extra setting").isEmpty();
    }

    @Test
    void aKindsOwnVariableWinsOverTheSharedOneForThatKindOnly() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                "NYT_KAFKA_SASL_JAAS_CONFIG", "shared",
                "NYT_KAFKA_PRODUCER_SASL_JAAS_CONFIG", "producer's",
                "NYT_KAFKA_ADMIN_REQUEST_TIMEOUT_MS", "5000"));

        assertThat(settings.config(Kind.PRODUCER, "p", Map.of(), Map.of())).containsEntry("sasl.jaas.config", "producer's")
                .doesNotContainKey("request.timeout.ms");
        assertThat(settings.config(Kind.CONSUMER, "c", Map.of(), Map.of())).containsEntry("sasl.jaas.config", "shared");
        assertThat(settings.config(Kind.ADMIN, "a", Map.of(), Map.of())).containsEntry("sasl.jaas.config", "shared")
                .containsEntry("request.timeout.ms", "5000");
        assertThat(settings.setting(Kind.PRODUCER, "sasl.jaas.config")).get()
                .extracting(KafkaSettings.Setting::variable).isEqualTo("NYT_KAFKA_PRODUCER_SASL_JAAS_CONFIG");
    }

    @Test
    void streamsGetTheOtherKindsOwnSettingsUnderStreamsPrefixesAndTheirOwnOverTheShared() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                "NYT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "NYT_KAFKA_STREAMS_SECURITY_PROTOCOL", "SSL",
                "NYT_KAFKA_PRODUCER_LINGER_MS", "20",
                "NYT_KAFKA_CONSUMER_FETCH_MAX_WAIT_MS", "100",
                "NYT_KAFKA_ADMIN_RETRIES", "3",
                "NYT_KAFKA_STREAMS_PRODUCER_BATCH_SIZE", "65536"));

        assertThat(settings.config(Kind.STREAMS, "nyt-fanout-processor", Map.of(), Map.of()))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("producer.linger.ms", "20")
                .containsEntry("consumer.fetch.max.wait.ms", "100")
                .containsEntry("admin.retries", "3")
                .containsEntry("producer.batch.size", "65536")
                .containsEntry("client.id", "nyt-fanout-processor");
    }

    @Test
    void theEnvironmentOverridesNytsDefaultsButNotWhatNytOwns() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of(
                "NYT_KAFKA_LINGER_MS", "50",
                "NYT_KAFKA_PRODUCER_ACKS", "1"));

        assertThatThrownBy(() -> Nyt.producerConfig(settings, "nyt-client"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("NYT_KAFKA_PRODUCER_ACKS: nyt sets acks to all itself")
                .extracting(e -> ((InvalidSettingException) e).variable()).isEqualTo("NYT_KAFKA_PRODUCER_ACKS");

        Map<String, Object> config = Nyt.producerConfig(KafkaSettings.fromEnv(Map.of(
                "NYT_KAFKA_LINGER_MS", "50", "NYT_KAFKA_ACKS", "all")), "nyt-client");
        assertThat(config).as("the owned value itself is allowed").containsEntry("acks", "all")
                .containsEntry("linger.ms", "50").containsEntry("compression.type", "lz4")
                .containsEntry("enable.idempotence", true);
    }

    @Test
    void namesKafkaDoesNotKnowArePassedOn() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of("NYT_KAFKA_SASL_LOGIN_CALLBACK_HANDLER_CLASS", "com.example.Login",
                "NYT_KAFKA_SOME_PLUGIN_SETTING", "on"));

        assertThat(settings.config(Kind.ADMIN, "a", Map.of(), Map.of()))
                .containsEntry("sasl.login.callback.handler.class", "com.example.Login")
                .containsEntry("some.plugin.setting", "on");
    }

    @Test
    void theClientIdStartsWithTheServiceAndEndsWithTheOperatorsOne() {
        assertThat(KafkaSettings.fromEnv(Map.of()).config(Kind.PRODUCER, "nyt-query-api-commands", Map.of(), Map.of()))
                .containsEntry("client.id", "nyt-query-api-commands");
        assertThat(KafkaSettings.fromEnv(Map.of("NYT_KAFKA_CLIENT_ID", "eu-1"))
                .config(Kind.PRODUCER, "nyt-query-api-commands", Map.of("client.id", "ignored"), Map.of()))
                .containsEntry("client.id", "nyt-query-api-commands-eu-1");
    }

    @Test
    void reservedNamesAndNamesThatCannotBeSettingsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> KafkaSettings.fromEnv(Map.of("NYT_KAFKA_BOOTSTRAP_SERVERS", "other:9092")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("NYT_KAFKA_BOOTSTRAP_SERVERS: every client of nyt talks to one cluster: set NYT_KAFKA_BOOTSTRAP instead");
        assertThatThrownBy(() -> KafkaSettings.fromEnv(Map.of("NYT_KAFKA_CONSUMER_BOOTSTRAP_SERVERS", "other:9092")))
                .hasMessageStartingWith("NYT_KAFKA_CONSUMER_BOOTSTRAP_SERVERS: every client");
        for (String bad : new String[] {"NYT_KAFKA_", "NYT_KAFKA_PRODUCER_", "NYT_KAFKA_SASL__JAAS", "NYT_KAFKA_LINGER_MS_",
                "NYT_KAFKA_LINGER-MS"}) {
            assertThatThrownBy(() -> KafkaSettings.fromEnv(Map.of(bad, "1")))
                    .as(bad).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith(bad + ": is not a Kafka client setting");
        }
    }

    @Test
    void blankValuesAndOtherVariablesAreIgnored() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of("NYT_KAFKA_SASL_MECHANISM", "  ", "NYT_KAFKA_BOOTSTRAP", "",
                "NYT_TOPIC_PREFIX", "x-", "KAFKA_SECURITY_PROTOCOL", "SSL"));

        assertThat(settings.forKind(Kind.CONSUMER)).isEmpty();
        assertThat(settings.bootstrap()).isEqualTo("localhost:9092");
    }

    @Test
    void secretsAreHiddenWhenPrinted() {
        Map<String, String> masked = KafkaSettings.masked(Map.of(
                "sasl.jaas.config", JAAS,
                "ssl.keystore.password", "pw1",
                "ssl.key.password", "pw2",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----",
                "producer.sasl.jaas.config", JAAS,
                "sasl.oauthbearer.client.secret", "s",
                "security.protocol", "SASL_SSL",
                "ssl.truststore.location", "/etc/nyt/truststore.p12"));

        assertThat(masked).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/nyt/truststore.p12");
        assertThat(masked).hasSize(9).allSatisfy((name, value) -> {
            if (!name.equals("security.protocol") && !name.equals("ssl.truststore.location")) {
                assertThat(value).as(name).isEqualTo(KafkaSettings.HIDDEN);
            }
        });
    }

    @Test
    void theSettingsPrintWithoutTheirSecrets() {
        KafkaSettings settings = KafkaSettings.fromEnv(Map.of("NYT_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "NYT_KAFKA_PRODUCER_SSL_KEY_PASSWORD", "pw2", "NYT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

        assertThat(settings.toString()).doesNotContain("s3cret-pw").doesNotContain("pw2")
                .contains("NYT_KAFKA_SASL_JAAS_CONFIG (sasl.jaas.config=[hidden])")
                .contains("NYT_KAFKA_PRODUCER_SSL_KEY_PASSWORD (ssl.key.password=[hidden])")
                .contains("security.protocol=SASL_SSL");
    }
}

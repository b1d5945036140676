package dev.nyt.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.client.KafkaSettings.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static KafkaClients clients(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("NYT_TOPIC_PREFIX", "acme-");
        return KafkaClients.of("nyt-fanout-processor", KafkaConfig.fromEnv(new Env(all)));
    }

    @Test
    void streamsGetNytsSettingsWithTheEnvironmentsOverThemAndTheServiceAsClientId() {
        KafkaClients clients = clients(Map.of("NYT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "NYT_KAFKA_STREAMS_PRODUCER_LINGER_MS", "20", "NYT_KAFKA_BOOTSTRAP", "b:9093"));
        Properties nyt = StreamsProps.base("nyt-fanout", clients.kafka(), new SimpleMeterRegistry());

        Properties props = clients.streams(nyt, Map.of());

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("producer.linger.ms", "20")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "acme-nyt-fanout")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9093")
                .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "nyt-fanout-processor");
        assertThat(StreamsProps.meterRegistry(props)).as("objects nyt puts in survive").isNotNull();
    }

    @Test
    void whatNytOwnsInStreamsIsRefusedWithWhatToDoInstead() {
        KafkaClients guarantee = clients(Map.of("NYT_KAFKA_STREAMS_PROCESSING_GUARANTEE", "at_least_once"));
        Properties nyt = StreamsProps.base("nyt-fanout", guarantee.kafka(), new SimpleMeterRegistry());
        assertThatThrownBy(() -> guarantee.streams(nyt, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("NYT_KAFKA_STREAMS_PROCESSING_GUARANTEE: nyt sets processing.guarantee to exactly_once_v2 itself:"
                        + " nyt processes exactly once");

        KafkaClients threads = clients(Map.of("NYT_KAFKA_NUM_STREAM_THREADS", "4"));
        assertThatThrownBy(() -> threads.streams(new Properties(), Map.of("num.stream.threads", "use NYT_STREAM_THREADS")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("use NYT_STREAM_THREADS")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("NYT_KAFKA_NUM_STREAM_THREADS"));
    }

    @Test
    void aBadVariableNameStopsTheServiceNamingIt() {
        assertThatThrownBy(() -> KafkaConfig.fromEnv(new Env(Map.of("NYT_KAFKA_SASL__JAAS", "x"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("NYT_KAFKA_SASL__JAAS"));
    }

    @Test
    void everyClientIdStartsWithTheService() {
        KafkaClients clients = clients(Map.of("NYT_KAFKA_CLIENT_ID", "eu-1"));

        assertThat(clients.config(Kind.CONSUMER, "projector", Map.of(), Map.of())).containsEntry("client.id",
                "nyt-fanout-processor-projector-eu-1");
        assertThat(clients.config(Kind.ADMIN, "admin", Map.of(), Map.of())).containsEntry("client.id",
                "nyt-fanout-processor-admin-eu-1");
    }

    @Test
    void aFailedLoginNamesTheVariableThatHoldsIt() {
        KafkaClients clients = clients(Map.of("NYT_KAFKA_PRODUCER_SASL_JAAS_CONFIG", "x"));
        RuntimeException failure = new IllegalStateException("Kafka admin request failed",
                new SaslAuthenticationException("Authentication failed: Invalid username or password"));

        RuntimeException producers = clients.explain(Kind.PRODUCER, failure);
        RuntimeException admins = clients.explain(Kind.ADMIN, failure);

        assertThat(producers).isInstanceOf(ConfigException.class).hasCause(failure)
                .hasMessage("NYT_KAFKA_PRODUCER_SASL_JAAS_CONFIG: authentication failed for nyt-fanout-processor:"
                        + " Authentication failed: Invalid username or password");
        assertThat(((ConfigException) admins).variable()).as("the shared variable would hold the admin's login")
                .isEqualTo("NYT_KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void aTlsFailureNamesTheTrustStoreAndARefusalSaysAnAclIsMissing() {
        KafkaClients clients = clients(Map.of("NYT_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/nyt/trust.p12"));

        RuntimeException tls = clients.explain(Kind.CONSUMER, new KafkaException("failed",
                new SslAuthenticationException("SSL handshake failed")));
        RuntimeException refused = clients.explain(Kind.CONSUMER, new KafkaException(
                new GroupAuthorizationException("Not authorized to access group: acme-nyt-query-api")));
        RuntimeException other = new IllegalStateException("something else");

        assertThat(tls).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("NYT_KAFKA_SSL_TRUSTSTORE_LOCATION: TLS handshake with the broker failed");
        assertThat(refused).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Not authorized to access group: acme-nyt-query-api")
                .hasMessageContaining("its principal lacks an ACL");
        assertThat(clients.explain(Kind.CONSUMER, other)).isSameAs(other);
    }
}

package dev.nyt.runtime;

import dev.nyt.client.KafkaSettings;
import dev.nyt.client.KafkaSettings.Kind;
import dev.nyt.client.KafkaSettings.Setting;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Kafka client a nyt service creates, from one place: nyt's settings for the client, the environment's
 * ({@code NYT_KAFKA_*}, {@link KafkaSettings}) over them, and a client id that starts with the service's name
 * ({@code nyt-query-api-projector}). What the environment sets is logged once per client, secrets hidden. A
 * failed login, TLS handshake or ACL check becomes an error that says what to change ({@link #explain}).
 */
public final class KafkaClients {

    private static final Logger log = LoggerFactory.getLogger(KafkaClients.class);

    private final String service;
    private final KafkaConfig kafka;

    private KafkaClients(String service, KafkaConfig kafka) {
        this.service = Objects.requireNonNull(service, "service");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
    }

    /** The clients of {@code service} (its name, e.g. {@code nyt-fanout-processor}: the start of every client id). */
    public static KafkaClients of(String service, KafkaConfig kafka) {
        return new KafkaClients(service, kafka);
    }

    public String service() {
        return service;
    }

    public KafkaConfig kafka() {
        return kafka;
    }

    /** {@code <service>-<role>}: the client id, before {@code NYT_KAFKA_CLIENT_ID}. */
    public String clientId(String role) {
        return role == null || role.isEmpty() ? service : service + "-" + role;
    }

    /**
     * A client's configuration: {@code nyt}'s settings, the environment's over them, bootstrap and client id.
     *
     * @param owned settings of {@code nyt} the environment may not change, with what to do instead
     * @throws ConfigException naming the variable that cannot be used
     */
    public Map<String, Object> config(Kind kind, String role, Map<String, ?> nyt, Map<String, String> owned) {
        Map<String, Object> config;
        try {
            config = kafka.settings().config(kind, clientId(role), nyt, owned);
        } catch (KafkaSettings.InvalidSettingException e) {
            throw new ConfigException(e.variable(), e.problem());
        }
        Map<String, Setting> fromEnv = kafka.settings().forKind(kind);
        if (!fromEnv.isEmpty()) {
            Map<String, String> values = new HashMap<>();
            fromEnv.values().forEach(s -> values.put(s.name(), s.value()));
            log.info("Kafka {} client {}: from the environment {}", kind.name().toLowerCase(java.util.Locale.ROOT),
                    config.get("client.id"), KafkaSettings.masked(values));
        }
        return config;
    }

    public <K, V> Producer<K, V> producer(String role, Map<String, ?> nyt, Map<String, String> owned,
                                         Serializer<K> keys, Serializer<V> values) {
        return create(Kind.PRODUCER, config(Kind.PRODUCER, role, nyt, owned), c -> new KafkaProducer<>(c, keys, values));
    }

    public <K, V> Consumer<K, V> consumer(String role, Map<String, ?> nyt, Map<String, String> owned,
                                         Deserializer<K> keys, Deserializer<V> values) {
        return create(Kind.CONSUMER, config(Kind.CONSUMER, role, nyt, owned), c -> new KafkaConsumer<>(c, keys, values));
    }

    /** An admin client with client id {@code <service>-admin}. */
    public Admin admin() {
        return create(Kind.ADMIN, config(Kind.ADMIN, "admin", Map.of(), Map.of()), Admin::create);
    }

    /** A client constructor fails on settings it cannot use (a JAAS line it cannot parse, a key store it cannot read). */
    private <T> T create(Kind kind, Map<String, Object> config, Function<Map<String, Object>, T> constructor) {
        try {
            return constructor.apply(config);
        } catch (RuntimeException e) {
            throw explain(kind, e);
        }
    }

    /**
     * The Kafka Streams settings: {@code nyt}'s (from {@link StreamsProps#base} and the service's own), the
     * environment's over them; what {@link StreamsProps#OWNED} and {@code owned} list may not be changed.
     * The client id is the service's name; Kafka Streams appends its threads' names to it.
     */
    public Properties streams(Properties nyt, Map<String, String> owned) {
        Map<String, Object> given = new HashMap<>();
        nyt.forEach((key, value) -> given.put(key.toString(), value));
        Map<String, String> allOwned = new HashMap<>(StreamsProps.OWNED);
        allOwned.putAll(owned);
        Properties props = new Properties();
        props.putAll(config(Kind.STREAMS, null, given, allOwned));
        return props;
    }

    /**
     * What a failed Kafka call means for the operator. A failed login is a {@link ConfigException} naming the
     * variable that holds the login ("NYT_KAFKA_SASL_JAAS_CONFIG: authentication failed: ..."), a failed TLS
     * handshake one naming the trust store's; a refused request (a missing ACL) an {@link IllegalStateException}
     * that says so. Anything else is answered as it is.
     */
    public RuntimeException explain(Kind kind, RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SaslAuthenticationException) {
                return withCause(new ConfigException(variable(kind, SaslConfigs.SASL_JAAS_CONFIG),
                        "authentication failed for " + service + ": " + cause.getMessage()), failure);
            }
            if (cause instanceof SslAuthenticationException) {
                return withCause(new ConfigException(variable(kind, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG),
                        "TLS handshake with the broker failed for " + service + ": " + rootMessage(cause)), failure);
            }
            if (cause instanceof AuthorizationException) {
                return new IllegalStateException("Kafka refused " + service + " (" + cause.getMessage()
                        + "): its principal lacks an ACL; docs/OPERATIONS.md \"ACLs each service needs\" lists them",
                        failure);
            }
        }
        return failure;
    }

    /** The variable that set the setting for this kind of client, or the shared one that would. */
    private String variable(Kind kind, String setting) {
        return kafka.settings().setting(kind, setting).map(Setting::variable)
                .orElse(KafkaSettings.PREFIX + setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + " (" + root.getMessage() + ")";
    }

    private static RuntimeException withCause(RuntimeException explained, Throwable cause) {
        explained.initCause(cause);
        return explained;
    }
}

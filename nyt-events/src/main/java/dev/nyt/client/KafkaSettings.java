package dev.nyt.client;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kafka client settings from the environment, in streams-bootstrap's convention: {@code NYT_KAFKA_<NAME>}
 * is the client setting {@code <name>} lower-cased with {@code _} for {@code .}
 * ({@code NYT_KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}, {@code NYT_KAFKA_SASL_JAAS_CONFIG} is
 * {@code sasl.jaas.config}) for every client nyt creates; {@code NYT_KAFKA_PRODUCER_<NAME>},
 * {@code NYT_KAFKA_CONSUMER_<NAME>}, {@code NYT_KAFKA_ADMIN_<NAME>} and {@code NYT_KAFKA_STREAMS_<NAME>} only for
 * that kind of client, over the shared one. A Kafka Streams client gets, besides the shared and the
 * {@code STREAMS_} settings, the producer's, consumer's and admin's own under Streams' {@code producer.},
 * {@code consumer.} and {@code admin.} prefixes. {@code NYT_KAFKA_BOOTSTRAP} (the contract's name) is
 * {@code bootstrap.servers}, for every client alike. Names Kafka does not know are passed on (Kafka warns
 * about them); blank values count as unset.
 *
 * <p>Immutable; the values are secrets as much as settings, so {@link #toString()} and {@link #masked}
 * hide every value whose name says it is one.
 */
public final class KafkaSettings {

    public static final String PREFIX = "NYT_KAFKA_";
    public static final String BOOTSTRAP_VARIABLE = "NYT_KAFKA_BOOTSTRAP";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String HIDDEN = "[hidden]";

    /** A Kafka setting name as the environment can spell it: lower-case words joined by dots. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");
    private static final Set<String> SECRET_WORDS = Set.of("password", "jaas", "secret", "token", "credentials");
    private static final Set<String> PASSWORD_TYPED = passwordTyped();

    /** The kinds of client, each with its own prefix after {@code NYT_KAFKA_}. */
    public enum Kind {
        PRODUCER, CONSUMER, ADMIN, STREAMS;

        /** {@code NYT_KAFKA_PRODUCER_} and so on. */
        public String prefix() {
            return PREFIX + name() + "_";
        }

        /** The prefix of a Kafka Streams setting that reaches this kind of client inside Streams. */
        String streamsPrefix() {
            return name().toLowerCase(Locale.ROOT) + ".";
        }
    }

    /** One client setting and the variable it came from (for messages that tell the operator what to change). */
    public record Setting(String name, String value, String variable) {

        public Setting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public String toString() {
            return variable + " (" + name + "=" + shown(name, value) + ")";
        }
    }

    /** A variable whose name or value cannot be a Kafka client setting; the message names it. */
    public static final class InvalidSettingException extends IllegalArgumentException {

        private final String variable;
        private final String problem;

        public InvalidSettingException(String variable, String problem) {
            super(variable + ": " + problem);
            this.variable = variable;
            this.problem = problem;
        }

        public String variable() {
            return variable;
        }

        public String problem() {
            return problem;
        }
    }

    private final String bootstrap;
    private final Map<String, Setting> shared;
    private final Map<Kind, Map<String, Setting>> own;

    private KafkaSettings(String bootstrap, Map<String, Setting> shared, Map<Kind, Map<String, Setting>> own) {
        this.bootstrap = bootstrap;
        this.shared = Collections.unmodifiableMap(new TreeMap<>(shared));
        EnumMap<Kind, Map<String, Setting>> copy = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            copy.put(kind, Collections.unmodifiableMap(new TreeMap<>(own.getOrDefault(kind, Map.of()))));
        }
        this.own = Collections.unmodifiableMap(copy);
    }

    /** Only the bootstrap servers: what a plain local broker needs. */
    public static KafkaSettings of(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new InvalidSettingException(BOOTSTRAP_VARIABLE, "must name at least one host:port");
        }
        return new KafkaSettings(bootstrap.strip(), Map.of(), Map.of());
    }

    /** Reads every {@code NYT_KAFKA_*} variable; a name that cannot be a setting is an {@link InvalidSettingException}. */
    public static KafkaSettings fromEnv(Map<String, String> env) {
        Map<String, Setting> shared = new HashMap<>();
        Map<Kind, Map<String, Setting>> own = new EnumMap<>(Kind.class);
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(PREFIX) || variable.equals(BOOTSTRAP_VARIABLE)
                    || entry.getValue() == null || entry.getValue().isBlank()) {
                continue;
            }
            Optional<Kind> kind = kindOf(variable);
            String rest = variable.substring(kind.map(Kind::prefix).orElse(PREFIX).length());
            Setting setting = new Setting(settingName(variable, rest), entry.getValue().strip(), variable);
            if (setting.name().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new InvalidSettingException(variable, "every client of nyt talks to one cluster: set "
                        + BOOTSTRAP_VARIABLE + " instead");
            }
            kind.ifPresentOrElse(k -> own.computeIfAbsent(k, x -> new HashMap<>()).put(setting.name(), setting),
                    () -> shared.put(setting.name(), setting));
        }
        String bootstrap = env.get(BOOTSTRAP_VARIABLE);
        return new KafkaSettings(bootstrap == null || bootstrap.isBlank() ? DEFAULT_BOOTSTRAP : bootstrap.strip(), shared, own);
    }

    private static Optional<Kind> kindOf(String variable) {
        return Stream.of(Kind.values()).filter(kind -> variable.startsWith(kind.prefix())).findFirst();
    }

    private static String settingName(String variable, String rest) {
        String name = rest.toLowerCase(Locale.ROOT).replace('_', '.');
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSettingException(variable, "is not a Kafka client setting: after " + PREFIX
                    + " (and PRODUCER_, CONSUMER_, ADMIN_ or STREAMS_) come the words of the setting's name joined by _,"
                    + " e.g. " + PREFIX + "SECURITY_PROTOCOL for security.protocol");
        }
        return name;
    }

    /** {@code bootstrap.servers} for every client ({@code NYT_KAFKA_BOOTSTRAP}, default {@code localhost:9092}). */
    public String bootstrap() {
        return bootstrap;
    }

    /**
     * What the environment sets for this kind of client, by setting name: the shared settings with the kind's own
     * over them; for {@link Kind#STREAMS} also the producer's, consumer's and admin's own under Streams' prefixes.
     * {@code bootstrap.servers} is not among them.
     */
    public Map<String, Setting> forKind(Kind kind) {
        Map<String, Setting> settings = new TreeMap<>(shared);
        if (kind == Kind.STREAMS) {
            for (Kind inner : List.of(Kind.PRODUCER, Kind.CONSUMER, Kind.ADMIN)) {
                own.get(inner).values().forEach(s ->
                        settings.put(inner.streamsPrefix() + s.name(), new Setting(inner.streamsPrefix() + s.name(), s.value(), s.variable())));
            }
        }
        settings.putAll(own.get(kind));
        return Collections.unmodifiableMap(settings);
    }

    /** The setting of this kind of client by its name, with the variable that set it. */
    public Optional<Setting> setting(Kind kind, String name) {
        return Optional.ofNullable(forKind(kind).get(name));
    }

    /**
     * A client's whole configuration: {@code nyt}'s settings (its defaults and the ones it relies on), the
     * environment's over them, {@code bootstrap.servers}, and {@code client.id} {@code <clientId>} (with
     * {@code -<NYT_KAFKA_CLIENT_ID>} after it when that is set, so every client id starts with the service's name).
     *
     * @param owned settings of {@code nyt} the environment may not change, each with what to do instead
     *              ("use NYT_STATE_DIR"); setting one to the value nyt gives it is allowed
     * @throws InvalidSettingException naming the variable that tries to change an owned setting
     */
    public Map<String, Object> config(Kind kind, String clientId, Map<String, ?> nyt, Map<String, String> owned) {
        Objects.requireNonNull(clientId, "clientId");
        Map<String, Object> config = new LinkedHashMap<>(nyt);
        Map<String, Setting> fromEnv = forKind(kind);
        for (Setting setting : fromEnv.values()) {
            String because = owned.get(setting.name());
            if (because != null && !setting.value().equals(String.valueOf(nyt.get(setting.name())))) {
                throw new InvalidSettingException(setting.variable(), "nyt sets " + setting.name()
                        + (nyt.containsKey(setting.name()) ? " to " + nyt.get(setting.name()) : "") + " itself: " + because);
            }
            if (!setting.name().equals(CommonClientConfigs.CLIENT_ID_CONFIG)) {
                config.put(setting.name(), setting.value());
            }
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Setting suffix = fromEnv.get(CommonClientConfigs.CLIENT_ID_CONFIG);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, suffix == null ? clientId : clientId + "-" + suffix.value());
        return config;
    }

    /**
     * Whether a setting's value is a secret, so never to be printed: Kafka's own password-typed settings
     * ({@code ssl.keystore.key}, {@code sasl.jaas.config}, ...) and any whose name has password, jaas, secret,
     * token, credentials or the word key in it.
     */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (PASSWORD_TYPED.contains(lower) || PASSWORD_TYPED.stream().anyMatch(p -> lower.endsWith("." + p))) {
            return true;
        }
        if (SECRET_WORDS.stream().anyMatch(lower::contains)) {
            return true;
        }
        return Stream.of(lower.split("[._-]")).anyMatch(word -> word.equals("key"));
    }

    /** The value as it may be printed: {@link #HIDDEN} for a secret. */
    public static String shown(String name, Object value) {
        return isSecret(name) ? HIDDEN : String.valueOf(value);
    }

    /** The configuration as it may be printed (logs, errors): secrets hidden, in name order. */
    public static Map<String, String> masked(Map<String, ?> config) {
        return config.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> shown(e.getKey(), e.getValue()),
                (a, b) -> b, TreeMap::new));
    }

    private static Set<String> passwordTyped() {
        return Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
                .flatMap(def -> def.configKeys().values().stream())
                .filter(key -> key.type() == ConfigDef.Type.PASSWORD)
                .map(key -> key.name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The variables that are set, secrets hidden. */
    @Override
    public String toString() {
        List<Setting> all = Stream.concat(shared.values().stream(), own.values().stream().flatMap(m -> m.values().stream()))
                .toList();
        return BOOTSTRAP_VARIABLE + "=" + bootstrap + (all.isEmpty() ? "" : ", " + all.stream().map(Setting::toString)
                .collect(Collectors.joining(", ")));
    }
}

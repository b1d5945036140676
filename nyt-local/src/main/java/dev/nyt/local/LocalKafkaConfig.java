package dev.nyt.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the local broker listens and keeps its data, from the same variables the services read.
 *
 * @param host the host of {@code NYT_KAFKA_BOOTSTRAP} (default {@code localhost}); clients are told to use it
 * @param port its port (default 9092)
 * @param home {@code $NYT_STATE_DIR/kafka}: the data in {@code data/}, the broker's log in {@code broker.log}
 */
public record LocalKafkaConfig(String host, int port, Path home) {

    public static final String BOOTSTRAP_VARIABLE = "NYT_KAFKA_BOOTSTRAP";
    public static final String STATE_DIR_VARIABLE = "NYT_STATE_DIR";
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    public LocalKafkaConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(home, "home");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
        }
    }

    /**
     * Reads {@code NYT_KAFKA_BOOTSTRAP} (one {@code host:port}) and {@code NYT_STATE_DIR} (default
     * {@code $TMPDIR/nyt-state}, as the processors); a bad value is an {@link IllegalArgumentException}
     * naming the variable.
     */
    public static LocalKafkaConfig fromEnv(Map<String, String> env) {
        String bootstrap = valueOf(env, BOOTSTRAP_VARIABLE, DEFAULT_BOOTSTRAP);
        if (bootstrap.contains(",")) {
            throw new IllegalArgumentException(BOOTSTRAP_VARIABLE + " names several servers (" + bootstrap
                    + "); the local broker listens on one host:port");
        }
        int colon = bootstrap.lastIndexOf(':');
        String host = colon > 0 ? bootstrap.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = colon > 0 ? parsePort(bootstrap.substring(colon + 1)) : -1;
        if (host.isEmpty() || port < 1) {
            throw new IllegalArgumentException(BOOTSTRAP_VARIABLE + " must be host:port with a port from 1 to 65535, was '"
                    + bootstrap + "'");
        }
        Path stateDir = Path.of(valueOf(env, STATE_DIR_VARIABLE,
                Path.of(System.getProperty("java.io.tmpdir"), "nyt-state").toString()));
        return new LocalKafkaConfig(host, port, stateDir.resolve("kafka").toAbsolutePath());
    }

    /** What clients put in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The broker's {@code log.dirs} and metadata log directory. */
    public Path dataDir() {
        return home.resolve("data");
    }

    /** Where the broker's own log lines go, so the console stays nyt's. */
    public Path logFile() {
        return home.resolve("broker.log");
    }

    private static String valueOf(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65_535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

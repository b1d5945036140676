package dev.nyt.digest.config;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.simplejavamail.api.mailer.config.TransportStrategy;

/**
 * Where and how mail is sent: {@code NYT_SMTP_HOST} (default localhost), {@code NYT_SMTP_PORT}
 * (default by transport: 25, 465, 587), {@code NYT_SMTP_USERNAME}, {@code NYT_SMTP_PASSWORD},
 * {@code NYT_SMTP_TRANSPORT} ({@code smtp}, {@code smtps}, {@code smtp_tls}), {@code NYT_SMTP_POOL_SIZE}
 * (connections and concurrent sends, default 4), {@code NYT_SMTP_TIMEOUT_SECONDS} (connect, read and
 * write timeout, default 10).
 */
public record SmtpSettings(
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        Transport transport,
        int poolSize,
        Duration timeout) {

    public static final String HOST = "NYT_SMTP_HOST";
    public static final String PORT = "NYT_SMTP_PORT";
    public static final String USERNAME = "NYT_SMTP_USERNAME";
    public static final String PASSWORD = "NYT_SMTP_PASSWORD";
    public static final String TRANSPORT = "NYT_SMTP_TRANSPORT";
    public static final String POOL_SIZE = "NYT_SMTP_POOL_SIZE";
    public static final String TIMEOUT = "NYT_SMTP_TIMEOUT_SECONDS";

    /** The contract's transport names, and Simple Java Mail's strategy for each. */
    public enum Transport {
        SMTP(TransportStrategy.SMTP, 25),
        SMTPS(TransportStrategy.SMTPS, 465),
        SMTP_TLS(TransportStrategy.SMTP_TLS, 587);

        private final TransportStrategy strategy;
        private final int defaultPort;

        Transport(TransportStrategy strategy, int defaultPort) {
            this.strategy = strategy;
            this.defaultPort = defaultPort;
        }

        public TransportStrategy strategy() {
            return strategy;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static SmtpSettings fromEnv(Env env) {
        Transport transport = Transport.valueOf(
                env.oneOf(TRANSPORT, "smtp", "smtp", "smtps", "smtp_tls").toUpperCase(Locale.ROOT));
        Optional<String> username = env.optional(USERNAME);
        Optional<String> password = env.optional(PASSWORD);
        if (password.isPresent() && username.isEmpty()) {
            throw new ConfigException(USERNAME, "is required when " + PASSWORD + " is set");
        }
        return new SmtpSettings(
                env.string(HOST, "localhost"),
                env.integer(PORT, transport.defaultPort(), 1, 65535),
                username,
                password,
                transport,
                env.integer(POOL_SIZE, 4, 1, 64),
                env.seconds(TIMEOUT, Duration.ofSeconds(10), 1, 300));
    }

    /** A copy pointing at another server (tests, the one-JVM launcher's mail catcher). */
    public SmtpSettings withServer(String newHost, int newPort) {
        return new SmtpSettings(newHost, newPort, username, password, transport, poolSize, timeout);
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + transport.name().toLowerCase(Locale.ROOT) + "://" + host + ":" + port
                + ", username=" + username.orElse("-") + ", password=" + (password.isPresent() ? "****" : "-")
                + ", poolSize=" + poolSize + ", timeout=" + timeout + "]";
    }
}

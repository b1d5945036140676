package dev.nyt.local.up;

import dev.nyt.local.LocalKafkaConfig;
import dev.nyt.runtime.Env;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment {@code ./nyt up} gives the services: the caller's {@code NYT_*} variables, with the defaults
 * of a developer's machine filled in where a variable is unset. Every variable the services read is passed
 * through unchanged; only these get a local default:
 *
 * <ul>
 *   <li>{@code NYT_STATE_DIR}: {@code ./.nyt-state} (the broker's data and the Kafka Streams state, kept across restarts)</li>
 *   <li>{@code NYT_DB_USER}: {@code postgres}, the superuser of a local PostgreSQL</li>
 *   <li>{@code NYT_AUTH_MODE}: {@code dev} (the header {@code X-Nyt-User} names the caller) unless {@code NYT_JWT_SECRET}
 *       or {@code NYT_JWT_JWKS_URL} is set</li>
 *   <li>{@code NYT_DOMAIN}: {@code localhost:<NYT_HTTP_PORT>}, {@code NYT_HTTP_SCHEME}: {@code http},
 *       {@code NYT_EMAIL_SENDER}: {@code nyt@example.com}</li>
 *   <li>no {@code NYT_SMTP_HOST}: mail goes to the in-process catcher, whose host and port are filled in at start</li>
 * </ul>
 *
 * @param env         what the services read
 * @param mailCatcher whether the in-process mail catcher receives the mail (no {@code NYT_SMTP_HOST} was set)
 * @param notes       what was chosen for the user, to print at start
 */
public record UpSettings(Map<String, String> env, boolean mailCatcher, List<String> notes) {

    public static final String DEFAULT_STATE_DIR = ".nyt-state";
    public static final String DEFAULT_SENDER = "nyt@example.com";

    public UpSettings {
        env = Map.copyOf(env);
        notes = List.copyOf(notes);
    }

    public static UpSettings fromEnv(Map<String, String> given) {
        Env env = new Env(given);
        Map<String, String> result = new HashMap<>(given);
        List<String> notes = new java.util.ArrayList<>();
        result.put(LocalKafkaConfig.STATE_DIR_VARIABLE,
                Path.of(env.string(LocalKafkaConfig.STATE_DIR_VARIABLE, DEFAULT_STATE_DIR)).toAbsolutePath().normalize().toString());
        defaultTo(result, env, "NYT_DB_USER", "postgres");
        boolean jwt = env.optional("NYT_JWT_SECRET").isPresent() || env.optional("NYT_JWT_JWKS_URL").isPresent();
        if (env.optional("NYT_AUTH_MODE").isEmpty()) {
            if (jwt) {
                notes.add("NYT_JWT_SECRET is set: callers must send a JWT (NYT_AUTH_MODE=dev would also take X-Nyt-User)");
            } else {
                result.put("NYT_AUTH_MODE", "dev");
                notes.add("NYT_AUTH_MODE=dev: the header X-Nyt-User names the caller, no JWT needed (set NYT_JWT_SECRET to require one)");
            }
        }
        String port = env.string("NYT_HTTP_PORT", "8080");
        defaultTo(result, env, "NYT_DOMAIN", "localhost:" + port);
        defaultTo(result, env, "NYT_HTTP_SCHEME", "http");
        defaultTo(result, env, "NYT_EMAIL_SENDER", DEFAULT_SENDER);
        boolean catcher = env.optional("NYT_SMTP_HOST").isEmpty();
        return new UpSettings(result, catcher, notes);
    }

    /** A copy sending mail to the catcher listening on {@code host:port}. */
    public UpSettings withMailCatcherAt(String host, int port) {
        Map<String, String> result = new HashMap<>(env);
        result.put("NYT_SMTP_HOST", host);
        result.put("NYT_SMTP_PORT", Integer.toString(port));
        result.put("NYT_SMTP_TRANSPORT", "smtp");
        result.remove("NYT_SMTP_USERNAME");
        result.remove("NYT_SMTP_PASSWORD");
        return new UpSettings(result, mailCatcher, notes);
    }

    public Optional<String> get(String name) {
        return new Env(env).optional(name);
    }

    public Path stateDir() {
        return Path.of(env.get(LocalKafkaConfig.STATE_DIR_VARIABLE));
    }

    private static void defaultTo(Map<String, String> result, Env env, String name, String value) {
        if (env.optional(name).isEmpty()) {
            result.put(name, value);
        }
    }
}

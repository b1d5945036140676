package dev.nyt.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh, empty PostgreSQL database of its own for a test: {@link #create()} makes
 * {@code nyt_test_<run id>_<n>} on the test server (see {@code NYT_TEST_DB_URL}),
 * {@link #close()} drops it, and whatever is still open when the JVM exits is dropped then.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<TestDatabase> OPEN = ConcurrentHashMap.newKeySet();

    private static DatabaseServer server;

    private final DatabaseServer home;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestDatabase(DatabaseServer home, String name) {
        this.home = home;
        this.name = name;
    }

    /** Creates a new, empty database; the first call in a JVM also finds the server. */
    public static TestDatabase create() {
        DatabaseServer target = server();
        String name = "nyt_test_" + RunId.value() + "_" + COUNTER.incrementAndGet();
        execute(target, "CREATE DATABASE " + name);
        TestDatabase database = new TestDatabase(target, name);
        OPEN.add(database);
        log.debug("Created database {} on {}", name, target.description());
        return database;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL of this database, with the server URL's parameters. */
    public String jdbcUrl() {
        return home.url().forDatabase(name);
    }

    public String user() {
        return home.user();
    }

    public String password() {
        return home.password();
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return home.connect(jdbcUrl());
    }

    /** Drops the database, ending any connection still open to it. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            OPEN.remove(this);
            execute(home, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            log.debug("Dropped database {}", name);
        }
    }

    private static void execute(DatabaseServer target, String sql) {
        try (Connection connection = target.administrationConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + target.description(), e);
        }
    }

    private static synchronized DatabaseServer server() {
        if (server == null) {
            DatabaseServer found = DatabaseServer.find(Environment.system());
            log.info("Tests use PostgreSQL {}", found.description());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropOpenAndStop(found), "nyt-test-db-stop"));
            server = found;
        }
        return server;
    }

    private static void dropOpenAndStop(DatabaseServer found) {
        for (TestDatabase database : List.copyOf(OPEN)) {
            try {
                database.close();
            } catch (RuntimeException e) {
                log.warn("Could not drop database {}", database.name, e);
            }
        }
        found.stop().run();
    }
}

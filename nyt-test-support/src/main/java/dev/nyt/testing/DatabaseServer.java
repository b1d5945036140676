package dev.nyt.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server tests create their databases on: {@code NYT_TEST_DB_URL} when set,
 * else {@code localhost:5432} as {@code postgres} when it answers, else a Testcontainers
 * PostgreSQL when a Docker engine answers.
 */
record DatabaseServer(ServerUrl url, String user, String password, String description, Runnable stop) {

    static final String LOCAL_URL = "jdbc:postgresql://localhost:5432/";
    private static final String DEFAULT_USER = "postgres";
    private static final String DEFAULT_IMAGE = "postgres:17-alpine";

    static DatabaseServer find(Environment env) {
        if (env.get(Environment.DB_URL).isPresent()) {
            return fromEnvironment(env);
        }
        DatabaseServer local = new DatabaseServer(ServerUrl.parse(LOCAL_URL), DEFAULT_USER, "",
                "local server " + LOCAL_URL, () -> { });
        if (local.answers()) {
            return local;
        }
        if (env.dockerAllowed() && DockerEngine.answers()) {
            return startContainer(env);
        }
        throw new IllegalStateException("No PostgreSQL for tests: set " + Environment.DB_URL
                + " (and " + Environment.DB_USER + ", " + Environment.DB_PASSWORD + "), start one on "
                + LOCAL_URL + " accepting user postgres, or make a Docker engine available");
    }

    private static DatabaseServer fromEnvironment(Environment env) {
        String url = env.get(Environment.DB_URL).orElseThrow();
        return new DatabaseServer(ServerUrl.parse(url), env.getOrDefault(Environment.DB_USER, DEFAULT_USER),
                env.getOrDefault(Environment.DB_PASSWORD, ""), "server " + url + " (" + Environment.DB_URL + ")",
                () -> { });
    }

    private static DatabaseServer startContainer(Environment env) {
        String image = env.getOrDefault(Environment.POSTGRES_IMAGE, DEFAULT_IMAGE);
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        container.start();
        String url = "jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/";
        return new DatabaseServer(ServerUrl.parse(url), container.getUsername(), container.getPassword(),
                "container " + image + " at " + url, container::stop);
    }

    /** A connection to the administration database, for creating and dropping databases. */
    Connection administrationConnection() throws SQLException {
        return connect(url.administrationUrl());
    }

    Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private boolean answers() {
        try (Connection connection = administrationConnection()) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }
}

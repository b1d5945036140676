package dev.nyt.local.up;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the read model's database exists before the query API starts: connects to {@code NYT_DB_URL}, and
 * when PostgreSQL answers that the database does not exist, creates it from the server's {@code postgres}
 * database. When no PostgreSQL answers at all, the exception says what to do.
 */
public final class PostgresCheck {

    private static final Logger log = LoggerFactory.getLogger(PostgresCheck.class);
    /** {@code jdbc:postgresql://host:port/name?params}: the database name and what surrounds it. */
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]+)(\\?.*)?");
    private static final String NO_SUCH_DATABASE = "3D000";

    /** PostgreSQL is not there, or refuses us: the message says what to do. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PostgresCheck() {
    }

    /** Returns true when the database was created now. */
    public static boolean ensureDatabase(String url, String user, String password) {
        try (Connection ignored = connect(url, user, password)) {
            return false;
        } catch (SQLException e) {
            if (!NO_SUCH_DATABASE.equals(e.getSQLState())) {
                throw unavailable(url, user, e);
            }
        }
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new Unavailable("The database in NYT_DB_URL=" + url + " does not exist, and nyt cannot tell its name to create it", null);
        }
        String name = matcher.group(2);
        String serverUrl = matcher.group(1) + "postgres" + (matcher.group(3) == null ? "" : matcher.group(3));
        try (Connection connection = connect(serverUrl, user, password); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            log.info("Created the PostgreSQL database {}", name);
            return true;
        } catch (SQLException e) {
            throw new Unavailable("The database " + name + " does not exist and could not be created as " + user + ": "
                    + e.getMessage() + ". Create it (createdb " + name + ") or set NYT_DB_URL to one that exists.", e);
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    private static Unavailable unavailable(String url, String user, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String advice = state.startsWith("08")
                ? "No PostgreSQL answers at NYT_DB_URL=" + url + ". Start one (for example `docker compose up -d postgres`,"
                + " or `sudo service postgresql start`), or point NYT_DB_URL at one."
                : "PostgreSQL at NYT_DB_URL=" + url + " refused user " + user + ": " + e.getMessage()
                + ". Set NYT_DB_USER and NYT_DB_PASSWORD to a role that may connect (and create the database).";
        return new Unavailable(advice, e);
    }
}

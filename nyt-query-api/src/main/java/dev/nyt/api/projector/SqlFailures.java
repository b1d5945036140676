package dev.nyt.api.projector;

import java.sql.SQLException;

/**
 * Tells a record the database refuses (bad data: SQLSTATE classes 22 and 23) from a database that is
 * unavailable (everything else: connection lost, shutdown, pool timeout, deadlock), which only needs waiting.
 */
final class SqlFailures {

    private SqlFailures() {
    }

    static boolean isDataError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state != null && (state.startsWith("22") || state.startsWith("23"));
            }
        }
        return false;
    }
}

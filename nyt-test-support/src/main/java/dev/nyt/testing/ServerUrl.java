package dev.nyt.testing;

/**
 * A PostgreSQL JDBC URL split into the server part, the database and the parameters, so the
 * same server can be addressed with another database: {@code jdbc:postgresql://h:5432/x?ssl=true}
 * is {@code jdbc:postgresql://h:5432/}, {@code x} and {@code ?ssl=true}.
 */
record ServerUrl(String server, String database, String parameters) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final String MAINTENANCE_DATABASE = "postgres";

    static ServerUrl parse(String jdbcUrl) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (" + PREFIX + "...): " + jdbcUrl);
        }
        int query = jdbcUrl.indexOf('?');
        String parameters = query < 0 ? "" : jdbcUrl.substring(query);
        String withoutQuery = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        int slash = withoutQuery.indexOf('/', PREFIX.length());
        if (slash < 0) {
            return new ServerUrl(withoutQuery + "/", "", parameters);
        }
        return new ServerUrl(withoutQuery.substring(0, slash + 1), withoutQuery.substring(slash + 1), parameters);
    }

    /** The URL of another database on the same server, with the same parameters. */
    String forDatabase(String name) {
        return server + name + parameters;
    }

    /** Where to run {@code CREATE DATABASE}: the URL's own database, else {@code postgres}. */
    String administrationUrl() {
        return forDatabase(database.isEmpty() ? MAINTENANCE_DATABASE : database);
    }
}

package dev.nyt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class TestDatabaseIT {

    @Test
    void createdDatabaseIsEmptyAndWritable() throws SQLException {
        try (TestDatabase database = TestDatabase.create();
             Connection connection = database.connect();
             Statement statement = connection.createStatement()) {
            // Given
            statement.execute("CREATE TABLE greeting (id int PRIMARY KEY, text varchar(20) NOT NULL)");

            // When
            statement.executeUpdate("INSERT INTO greeting VALUES (1, 'hello')");

            // Then
            try (ResultSet rows = statement.executeQuery("SELECT text FROM greeting WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("hello");
            }
        }
    }

    @Test
    void eachDatabaseHasItsOwnName() {
        try (TestDatabase first = TestDatabase.create(); TestDatabase second = TestDatabase.create()) {
            assertThat(first.name()).isNotEqualTo(second.name()).startsWith("nyt_test_");
            assertThat(first.jdbcUrl()).endsWith("/" + first.name());
        }
    }

    @Test
    void closeDropsTheDatabaseEvenWithAConnectionOpen() throws SQLException {
        // Given
        TestDatabase database = TestDatabase.create();
        try (Connection stillOpen = database.connect()) {

            // When
            database.close();

            // Then
            assertThat(exists(database)).isFalse();
            assertThat(stillOpen.isValid(5)).isFalse();
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        TestDatabase database = TestDatabase.create();
        database.close();
        database.close();

        assertThat(exists(database)).isFalse();
    }

    private static boolean exists(TestDatabase database) {
        try (TestDatabase probe = TestDatabase.create();
             Connection connection = probe.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM pg_database WHERE datname = '" + database.name() + "'")) {
            rows.next();
            return rows.getInt(1) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

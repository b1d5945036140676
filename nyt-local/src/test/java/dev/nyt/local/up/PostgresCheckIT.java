package dev.nyt.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nyt.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresCheckIT {

    @Test
    void createsTheDatabaseWhenItIsMissingAndLeavesAnExistingOneAlone() throws Exception {
        try (TestDatabase existing = TestDatabase.create()) {
            String missing = existing.name() + "_up";
            String url = existing.jdbcUrl().replace("/" + existing.name(), "/" + missing);
            try {
                assertThat(PostgresCheck.ensureDatabase(url, existing.user(), existing.password())).isTrue();
                assertThat(PostgresCheck.ensureDatabase(url, existing.user(), existing.password())).isFalse();
                assertThat(PostgresCheck.ensureDatabase(existing.jdbcUrl(), existing.user(), existing.password())).isFalse();
            } finally {
                try (Connection connection = existing.connect(); Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + missing);
                }
            }
        }
    }

    @Test
    void saysWhatToDoWhenNoPostgresqlAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> PostgresCheck.ensureDatabase("jdbc:postgresql://localhost:" + closedPort + "/nyt", "postgres", ""))
                .isInstanceOf(PostgresCheck.Unavailable.class)
                .hasMessageContaining("No PostgreSQL answers at NYT_DB_URL=")
                .hasMessageContaining("Start one");
    }
}

package dev.nyt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerUrlTest {

    @Test
    void serverUrlWithoutDatabaseAdministersThroughPostgres() {
        ServerUrl url = ServerUrl.parse("jdbc:postgresql://localhost:5432/");

        assertThat(url.administrationUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
        assertThat(url.forDatabase("nyt_test_x_1")).isEqualTo("jdbc:postgresql://localhost:5432/nyt_test_x_1");
    }

    @Test
    void missingSlashAfterTheHostIsAdded() {
        ServerUrl url = ServerUrl.parse("jdbc:postgresql://db:6543");

        assertThat(url.forDatabase("t")).isEqualTo("jdbc:postgresql://db:6543/t");
    }

    @Test
    void namedDatabaseAndParametersAreKept() {
        ServerUrl url = ServerUrl.parse("jdbc:postgresql://a:1,b:2/admin?sslmode=require&x=y");

        assertThat(url.administrationUrl()).isEqualTo("jdbc:postgresql://a:1,b:2/admin?sslmode=require&x=y");
        assertThat(url.forDatabase("t")).isEqualTo("jdbc:postgresql://a:1,b:2/t?sslmode=require&x=y");
    }

    @Test
    void nonPostgresUrlIsRejected() {
        assertThatThrownBy(() -> ServerUrl.parse("jdbc:mysql://localhost/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql");
    }
}

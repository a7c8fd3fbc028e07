package dev.rebound.localpostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedServerTest {

    @Test
    void aCommittedRowSurvivesAKilledServer() throws SQLException {
        try (EmbeddedServer server = EmbeddedServer.startTemporary()) {
            server.createDatabase("survivor");
            server.createDatabase("survivor");
            String url = server.jdbcUrl("survivor");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                st.execute("INSERT INTO t VALUES (1)");
            }
            long before = server.pid().orElseThrow();

            server.kill();
            assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class);

            server.restart();
            assertThat(server.pid().orElseThrow()).isNotEqualTo(before);
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void recreateEmptiesADatabase() throws SQLException {
        try (EmbeddedServer server = EmbeddedServer.startTemporary()) {
            server.createDatabase("scratch");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("scratch"));
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INT)");
            }
            server.recreateDatabase("scratch");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("scratch"));
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void anExternalUrlKeepsItsParametersAndSwapsTheDatabase() {
        PostgresServer external = new ExternalServer("jdbc:postgresql://db.example:5433/any?user=me&password=pw");
        assertThat(external.jdbcUrl("rebound")).isEqualTo("jdbc:postgresql://db.example:5433/rebound?user=me&password=pw");
        assertThat(external.pid()).isEmpty();
        assertThatThrownBy(() -> new ExternalServer("postgres://x/y")).hasMessageContaining(PostgresServer.URL_VARIABLE);
    }
}

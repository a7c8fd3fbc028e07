package dev.rebound.runtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcWarehouseTest {
    @TempDir
    Path dir;

    private JdbcWarehouse warehouse(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return new JdbcWarehouse(ds);
    }

    @Test
    void parametrizedSqlInTypedRowsOut() {
        JdbcWarehouse w = warehouse("jdbc:h2:mem:jdbc-warehouse-test;DB_CLOSE_DELAY=-1");
        w.executeScript("CREATE SCHEMA IF NOT EXISTS s;\nCREATE TABLE IF NOT EXISTS s.t (d DATE, n BIGINT, x DOUBLE PRECISION,"
                + " b BOOLEAN, at TIMESTAMP WITH TIME ZONE, name VARCHAR(20));");
        Instant at = Instant.parse("2026-01-23T15:04:05Z");
        long inserted = w.execute(Sql.of("INSERT INTO s.t VALUES (@d, @n, @x, @b, @at, @name)")
                .bind("d", LocalDate.of(2026, 1, 23)).bind("n", 7L).bind("x", 0.5).bind("b", true).bind("at", at)
                .bind("name", null));
        assertThat(inserted).isEqualTo(1);

        Row row = w.query(Sql.of("SELECT d, n, x, b, at, name FROM s.t WHERE d = @d").bind("d", LocalDate.of(2026, 1, 23)))
                .get(0);
        assertThat(row.getLocalDate("d")).isEqualTo(LocalDate.of(2026, 1, 23));
        assertThat(row.getLong("N")).isEqualTo(7L);
        assertThat(row.getDouble("x")).isEqualTo(0.5);
        assertThat(row.getBoolean("b")).isTrue();
        assertThat(row.getInstant("at")).isEqualTo(at);
        assertThat(row.getString("name")).isNull();
        assertThat(w.reachable()).isTrue();
    }

    @Test
    void anUnboundParameterIsNamed() {
        JdbcWarehouse w = warehouse("jdbc:h2:mem:jdbc-warehouse-unbound;DB_CLOSE_DELAY=-1");
        assertThatThrownBy(() -> w.query(Sql.of("SELECT @missing AS x")))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("@missing");
    }

    @Test
    void anotherProcessSeesTheSameFileDatabase() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("shared") + ";AUTO_SERVER=TRUE";
        JdbcWarehouse w = warehouse(url);
        w.executeScript("CREATE TABLE IF NOT EXISTS shared_rows (v VARCHAR(20));");
        w.execute(Sql.of("INSERT INTO shared_rows VALUES (@v)").bind("v", "from-this-jvm"));

        // a second JVM (H2's own shell) writes while this process holds the database open
        String h2Jar = new File(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getPath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", h2Jar, "org.h2.tools.Shell", "-url", url,
                "-sql", "INSERT INTO shared_rows VALUES ('from-other-jvm')")
                .redirectErrorStream(true).start();
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(other.exitValue()).as(output).isZero();

        assertThat(w.query(Sql.of("SELECT v FROM shared_rows ORDER BY v"))).extracting(r -> r.getString("v"))
                .containsExactly("from-other-jvm", "from-this-jvm");
    }
}

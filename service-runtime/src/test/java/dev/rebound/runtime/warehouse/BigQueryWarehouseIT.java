package dev.rebound.runtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import com.google.cloud.bigquery.BigQueryOptions;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery adapter against real BigQuery. Runs only when REBOUND_BIGQUERY_TEST_PROJECT names a project and
 * Google credentials are available (GOOGLE_APPLICATION_CREDENTIALS); otherwise reported as skipped with why.
 */
class BigQueryWarehouseIT {
    private String project;

    @BeforeEach
    void requireCredentials() {
        project = System.getenv("REBOUND_BIGQUERY_TEST_PROJECT");
        assumeTrue(project != null && !project.isBlank(),
                "SKIPPED: set REBOUND_BIGQUERY_TEST_PROJECT (and credentials) to test against real BigQuery");
        assumeTrue(System.getenv("GOOGLE_APPLICATION_CREDENTIALS") != null,
                "SKIPPED: set GOOGLE_APPLICATION_CREDENTIALS to test against real BigQuery");
    }

    @Test
    void parametrizedQueryReturnsTypedRows() {
        PipelineWarehouse bq = new BigQueryWarehouse(BigQueryOptions.newBuilder().setProjectId(project).build().getService());
        List<Row> rows = bq.query(Sql.of("SELECT @d AS d, @n + 1 AS n, @s AS s")
                .bind("d", LocalDate.of(2026, 1, 23)).bind("n", 41L).bind("s", "ok"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getLocalDate("d")).isEqualTo(LocalDate.of(2026, 1, 23));
        assertThat(rows.get(0).getLong("n")).isEqualTo(42L);
        assertThat(bq.reachable()).isTrue();
    }
}

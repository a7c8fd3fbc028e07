package dev.rebound.runtime.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query building and row mapping of the BigQuery adapter, without a network. */
class BigQueryWarehouseMappingTest {

    @Test
    void namedParametersAreTypedForStandardSql() {
        Instant at = Instant.parse("2026-01-23T15:04:05.123456Z");
        QueryJobConfiguration job = BigQueryWarehouse.toJob(Sql.of(
                "SELECT * FROM nba_raw.espn_team_rosters WHERE roster_date >= @since AND team_abbr = @team")
                .bind("since", LocalDate.of(2026, 1, 14)).bind("team", "POR").bind("limit", 30L)
                .bind("ratio", 0.9).bind("active", true).bind("at", at).bind("missing", null));

        assertThat(job.useLegacySql()).isFalse();
        assertThat(job.getNamedParameters().get("since"))
                .isEqualTo(QueryParameterValue.date("2026-01-14"));
        assertThat(job.getNamedParameters().get("team")).isEqualTo(QueryParameterValue.string("POR"));
        assertThat(job.getNamedParameters().get("limit").getType()).isEqualTo(StandardSQLTypeName.INT64);
        assertThat(job.getNamedParameters().get("ratio").getType()).isEqualTo(StandardSQLTypeName.FLOAT64);
        assertThat(job.getNamedParameters().get("active").getType()).isEqualTo(StandardSQLTypeName.BOOL);
        assertThat(job.getNamedParameters().get("at").getType()).isEqualTo(StandardSQLTypeName.TIMESTAMP);
        assertThat(job.getNamedParameters().get("missing").getValue()).isNull();
    }

    @Test
    void unsupportedParameterTypesAreRefusedByName() {
        assertThatThrownBy(() -> BigQueryWarehouse.toJob(Sql.of("SELECT @x").bind("x", new Object())))
                .hasMessageContaining("@x");
    }

    @Test
    void rowsMapToJavaTypes() {
        FieldList fields = FieldList.of(
                Field.of("team_abbr", StandardSQLTypeName.STRING),
                Field.of("players", StandardSQLTypeName.INT64),
                Field.of("coverage", StandardSQLTypeName.FLOAT64),
                Field.of("is_active", StandardSQLTypeName.BOOL),
                Field.of("roster_date", StandardSQLTypeName.DATE),
                Field.of("processed_at", StandardSQLTypeName.TIMESTAMP),
                Field.of("note", StandardSQLTypeName.STRING));
        FieldValueList values = FieldValueList.of(List.of(
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "POR"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "13"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "0.92"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "true"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "2026-01-14"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, "1769180645.123456"),
                FieldValue.of(FieldValue.Attribute.PRIMITIVE, null)), fields);

        Row row = BigQueryWarehouse.toRow(fields, values);

        assertThat(row.getString("TEAM_ABBR")).isEqualTo("POR");
        assertThat(row.getLong("players")).isEqualTo(13L);
        assertThat(row.getDouble("coverage")).isEqualTo(0.92);
        assertThat(row.getBoolean("is_active")).isTrue();
        assertThat(row.getLocalDate("roster_date")).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(row.getInstant("processed_at")).isEqualTo(Instant.parse("2026-01-23T15:04:05.123456Z"));
        assertThat(row.getString("note")).isNull();
    }
}

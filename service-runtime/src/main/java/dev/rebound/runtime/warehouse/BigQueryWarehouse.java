package dev.rebound.runtime.warehouse;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.JobException;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline warehouse over BigQuery (google-cloud-bigquery): queries only, with named parameters and rows mapped to
 * Java types. There is no write path: Rebound's service accounts hold read roles on these datasets (infra/).
 */
public class BigQueryWarehouse implements PipelineWarehouse {
    private final BigQuery bigQuery;

    public BigQueryWarehouse(BigQuery bigQuery) {
        this.bigQuery = bigQuery;
    }

    /** Builds the job configuration: standard SQL, one named parameter per bound value. */
    public static QueryJobConfiguration toJob(Sql sql) {
        QueryJobConfiguration.Builder builder = QueryJobConfiguration.newBuilder(sql.text()).setUseLegacySql(false);
        sql.params().forEach((name, value) -> builder.addNamedParameter(name, parameter(name, value)));
        return builder.build();
    }

    static QueryParameterValue parameter(String name, Object value) {
        if (value == null) {
            return QueryParameterValue.string(null);
        }
        if (value instanceof String s) {
            return QueryParameterValue.string(s);
        }
        if (value instanceof Integer i) {
            return QueryParameterValue.int64(i);
        }
        if (value instanceof Long l) {
            return QueryParameterValue.int64(l);
        }
        if (value instanceof Double d) {
            return QueryParameterValue.float64(d);
        }
        if (value instanceof Boolean b) {
            return QueryParameterValue.bool(b);
        }
        if (value instanceof LocalDate d) {
            return QueryParameterValue.date(d.toString());
        }
        if (value instanceof Instant i) {
            return QueryParameterValue.timestamp(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000L);
        }
        throw new IllegalArgumentException("Parameter @" + name + " has unsupported type " + value.getClass().getName());
    }

    @Override
    public List<Row> query(Sql sql) {
        try {
            TableResult result = bigQuery.query(toJob(sql));
            FieldList fields = result.getSchema() == null ? FieldList.of() : result.getSchema().getFields();
            List<Row> rows = new ArrayList<>();
            for (FieldValueList values : result.iterateAll()) {
                rows.add(toRow(fields, values));
            }
            return rows;
        } catch (BigQueryException | JobException e) {
            throw new WarehouseException("BigQuery query failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException("Interrupted waiting for BigQuery", e);
        }
    }

    @Override
    public boolean reachable() {
        try {
            query(Sql.of("SELECT 1 AS ok"));
            return true;
        } catch (WarehouseException e) {
            return false;
        }
    }

    @Override
    public String kind() {
        return "bigquery";
    }

    /** Maps one BigQuery row to Java values: INT64→Long, FLOAT64→Double, BOOL→Boolean, DATE→LocalDate, TIMESTAMP→Instant. */
    public static Row toRow(FieldList fields, FieldValueList values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            map.put(field.getName(), convert(field, values.get(i)));
        }
        return new Row(map);
    }

    static Object convert(Field field, FieldValue value) {
        if (value == null || value.isNull()) {
            return null;
        }
        LegacySQLTypeName type = field.getType();
        if (type == LegacySQLTypeName.INTEGER) {
            return value.getLongValue();
        }
        if (type == LegacySQLTypeName.FLOAT || type == LegacySQLTypeName.NUMERIC) {
            return value.getDoubleValue();
        }
        if (type == LegacySQLTypeName.BOOLEAN) {
            return value.getBooleanValue();
        }
        if (type == LegacySQLTypeName.DATE) {
            return LocalDate.parse(value.getStringValue());
        }
        if (type == LegacySQLTypeName.TIMESTAMP) {
            return Instant.ofEpochSecond(0, value.getTimestampValue() * 1_000L);
        }
        return value.getStringValue();
    }
}

package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the pipeline's roster table (table and columns from the topology configuration) through the read-only
 * pipeline warehouse: the latest roster date per team. Names come from configuration and are spliced into SQL, so
 * they are held to identifier syntax first.
 */
@ApplicationScoped
public class RosterTable {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*){1,2}");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final PipelineWarehouse warehouse;
    private final String latestSql;

    public RosterTable(PipelineWarehouse warehouse, Topology topology) {
        this.warehouse = warehouse;
        PipelineConfig.Rosters r = topology.config().rosters();
        require("rosters.table", r.table(), TABLE);
        require("rosters.team_column", r.teamColumn(), COLUMN);
        require("rosters.date_column", r.dateColumn(), COLUMN);
        this.latestSql = "SELECT " + r.teamColumn() + " AS team, MAX(" + r.dateColumn() + ") AS latest FROM "
                + r.table() + " WHERE " + r.dateColumn() + " >= @since AND " + r.dateColumn() + " <= @as_of"
                + " GROUP BY " + r.teamColumn();
    }

    /** Latest roster date per team among rows dated {@code since .. asOf} (later rows are the future of a replay). */
    public Map<String, LocalDate> latestPerTeam(LocalDate since, LocalDate asOf) {
        Map<String, LocalDate> latest = new LinkedHashMap<>();
        for (Row row : warehouse.query(Sql.of(latestSql).bind("since", since).bind("as_of", asOf))) {
            latest.put(row.getString("team"), row.getLocalDate("latest"));
        }
        return latest;
    }

    private static void require(String key, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalStateException("Pipeline configuration " + key + " '" + value
                    + "' is not a plain table or column name");
        }
    }
}

package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Incidents (one per root cause, what pages) with their alerts inside, from coverage-monitor. */
@Command(name = "incidents", description = "Incidents open now or changed since a time, newest change first: one per "
        + "root cause, each with its alerts (answered ones marked).")
final class IncidentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "30m, 2h, 3d, an ISO-8601 duration or an RFC 3339 instant, on the pipeline's clock "
                    + "(default: 24h). Open incidents are always listed.")
    String since;

    @Override
    public Integer call() {
        Rebound root = Rebound.of(spec);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("since", Since.toParameter(since));
        JsonNode incidents = root.api().get(Service.COVERAGE_MONITOR, Api.query("/incidents", query));
        if (root.json()) {
            root.printJson(incidents);
            return Exit.OK;
        }
        if (incidents.isEmpty()) {
            root.out().println("No incidents in the window.");
            return Exit.OK;
        }
        for (JsonNode i : incidents) {
            String reopened = i.path("episode").asInt(1) > 1 ? ", reopened ×" + (i.path("episode").asInt() - 1) : "";
            root.out().println(Table.text(i, "state") + " " + Table.text(i, "severity").toUpperCase() + "  "
                    + Table.text(i, "root_cause") + "  opened " + Table.text(i, "opened_at") + reopened + "  ("
                    + Table.text(i, "incident_id") + ")");
            Table alerts = new Table("  DETECTED", "SEVERITY", "TYPE", "ALERT");
            for (JsonNode a : i.path("alerts")) {
                alerts.row("  " + Table.text(a, "detected_at"), Table.text(a, "severity"), Table.text(a, "ce_type"),
                        Table.text(a, "detail") + (a.path("active").asBoolean() ? "" : " (answered)"));
            }
            alerts.print(root.out());
            root.out().println();
        }
        return Exit.OK;
    }
}

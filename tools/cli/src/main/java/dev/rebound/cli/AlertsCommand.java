package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The verdicts published on pipeline-alerts, newest first (from the event archive). */
@Command(name = "alerts", description = "Alerts published since a time, newest first: stuck runs, stale inputs, "
        + "coverage gaps and resolutions, abandoned repairs.")
final class AlertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "30m, 2h, 3d, an ISO-8601 duration or an RFC 3339 instant (default: 24h).")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N alerts (default 200).")
    Integer limit;

    @Override
    public Integer call() {
        Rebound root = Rebound.of(spec);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("since", Since.toParameter(since));
        query.put("limit", limit);
        JsonNode alerts = root.api().get(Service.BACKFILL_ORCHESTRATOR, Api.query("/alerts", query));
        if (root.json()) {
            root.printJson(alerts);
            return Exit.OK;
        }
        Table table = new Table("TIME", "SEVERITY", "TYPE", "SUMMARY");
        for (JsonNode a : alerts) {
            table.row(Table.text(a, "time"), Table.text(a, "severity"), Table.text(a, "type"), Table.text(a, "summary"));
        }
        if (table.isEmpty()) {
            root.out().println("No alerts in the window.");
        } else {
            table.print(root.out());
        }
        return Exit.OK;
    }
}

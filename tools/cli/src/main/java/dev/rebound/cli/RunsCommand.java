package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Processor runs as heartbeat-tracker sees them. */
@Command(name = "runs", description = "Processor runs (heartbeat-tracker).",
        subcommands = {RunsCommand.Stuck.class, RunsCommand.ListRuns.class})
final class RunsCommand {

    @Command(name = "stuck", description = "Runs currently stuck: declared stuck, neither completed nor failed since.")
    static final class Stuck implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return print(Rebound.of(spec), "/runs/stuck");
        }
    }

    @Command(name = "list", description = "Runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--processor", paramLabel = "PROCESSOR")
        String processor;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The runs' data date.")
        String date;

        @Option(names = "--state", paramLabel = "STATE", description = "running, completed, failed or stuck.")
        String state;

        @Option(names = "--limit", paramLabel = "N")
        Integer limit;

        @Override
        public Integer call() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("processor", processor);
            query.put("date", date);
            query.put("state", state);
            query.put("limit", limit);
            return print(Rebound.of(spec), Api.query("/runs", query));
        }
    }

    static int print(Rebound root, String path) {
        JsonNode runs = root.api().get(Service.HEARTBEAT_TRACKER, path);
        if (root.json()) {
            root.printJson(runs);
            return Exit.OK;
        }
        Table table = new Table("PROCESSOR", "DATA DATE", "STATE", "RUN", "STARTED", "LAST SEEN", "DETAIL");
        for (JsonNode r : runs) {
            table.row(Table.text(r, "processor"), Table.text(r, "data_date"), Table.text(r, "state"),
                    Table.text(r, "run_id"), Table.text(r, "started_at"), Table.text(r, "last_seen_at"), detail(r));
        }
        if (table.isEmpty()) {
            root.out().println("No runs.");
        } else {
            table.print(root.out());
        }
        return Exit.OK;
    }

    private static String detail(JsonNode r) {
        if (r.hasNonNull("stuck")) {
            return String.format(java.util.Locale.ROOT, "silent %.0f s (threshold %.0f s)",
                    r.path("stuck").path("silent_for_s").asDouble(), r.path("stuck").path("threshold_s").asDouble());
        }
        if (r.hasNonNull("failure_reason")) {
            return r.path("failure_reason").asText() + (r.hasNonNull("failure_message")
                    ? ": " + r.path("failure_message").asText() : "");
        }
        return r.hasNonNull("records_written") ? r.path("records_written").asText() + " records" : "-";
    }
}

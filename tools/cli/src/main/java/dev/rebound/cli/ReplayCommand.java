package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Replay for recovery: seek a subscription back, snapshot it first, or re-publish archived events of a window. */
@Command(name = "replay", description = "Replay: seek a subscription to a time or snapshot, snapshot it, or"
        + " re-publish archived events of a window.",
        subcommands = {ReplayCommand.Seek.class, ReplayCommand.Snapshot.class, ReplayCommand.Republish.class})
final class ReplayCommand {

    @Command(name = "seek", description = "Pub/Sub redelivers what the subscription retained since TIME or SNAPSHOT.")
    static final class Seek implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--subscription", required = true, paramLabel = "SUBSCRIPTION")
        String subscription;

        @ArgGroup(exclusive = true, multiplicity = "1")
        To to;

        static final class To {
            @Option(names = "--time", paramLabel = "RFC3339", required = true)
            String time;

            @Option(names = "--snapshot", paramLabel = "NAME", required = true)
            String snapshot;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("subscription", subscription);
            body.put(to.time != null ? "time" : "snapshot", to.time != null ? to.time : to.snapshot);
            return print(Rebound.of(spec), "/replay/seek", body, "Seeked " + subscription + " to "
                    + (to.time != null ? to.time : "snapshot " + to.snapshot));
        }
    }

    @Command(name = "snapshot", description = "Snapshot a subscription (before a risky change), to seek back to it.")
    static final class Snapshot implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--subscription", required = true, paramLabel = "SUBSCRIPTION")
        String subscription;

        @Option(names = "--snapshot", required = true, paramLabel = "NAME")
        String snapshot;

        @Override
        public Integer call() {
            return print(Rebound.of(spec), "/replay/snapshot", Map.of("subscription", subscription,
                    "snapshot", snapshot), "Snapshot " + snapshot + " of " + subscription + " taken");
        }
    }

    @Command(name = "republish", description = "Re-publish archived events published in [FROM, TO) to their topics"
            + " (triggers only when named in --types); consumers skip what they already processed.")
    static final class Republish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "RFC3339")
        String from;

        @Option(names = "--to", required = true, paramLabel = "RFC3339")
        String to;

        @Option(names = "--types", paramLabel = "CE_TYPE,...", split = ",")
        String[] types;

        @Option(names = "--processor", paramLabel = "PROCESSOR")
        String processor;

        @Option(names = "--data-date", paramLabel = "YYYY-MM-DD")
        String dataDate;

        @Option(names = "--dry-run", description = "Count what would be sent, send nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", from);
            body.put("to", to);
            if (types != null) {
                body.put("types", Arrays.asList(types));
            }
            if (processor != null) {
                body.put("processor", processor);
            }
            if (dataDate != null) {
                body.put("data_date", dataDate);
            }
            body.put("dry_run", dryRun);
            Rebound root = Rebound.of(spec);
            JsonNode result = root.api().post(Service.BACKFILL_ORCHESTRATOR, "/replay/republish", body);
            if (root.json()) {
                root.printJson(result);
                return Exit.OK;
            }
            root.out().printf("%s %d of %d archived messages in the window%s%n", dryRun ? "Would re-publish" : "Re-published",
                    dryRun ? result.path("matched").asInt() : result.path("republished").asInt(),
                    result.path("archived").asInt(), dryRun ? " (dry run)" : "");
            result.path("by_type").fields().forEachRemaining(t -> root.out().printf("  %-40s %d%n", t.getKey(),
                    t.getValue().asInt()));
            return Exit.OK;
        }
    }

    private static int print(Rebound root, String path, Map<String, Object> body, String done) {
        JsonNode result = root.api().post(Service.BACKFILL_ORCHESTRATOR, path, body);
        if (root.json()) {
            root.printJson(result);
        } else {
            root.out().println(done + ".");
        }
        return Exit.OK;
    }
}

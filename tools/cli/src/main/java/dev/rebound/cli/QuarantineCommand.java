package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Messages the services could not decode or validate, parked with their reason (from the event archive). */
@Command(name = "quarantine", description = "Quarantined messages: why, what, and re-publishing one once fixed.",
        subcommands = {QuarantineCommand.ListQuarantined.class, QuarantineCommand.Show.class,
                QuarantineCommand.Republish.class})
final class QuarantineCommand {

    @Command(name = "list", description = "Quarantined messages, newest first.")
    static final class ListQuarantined implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--since", paramLabel = "WHEN", description = "30m, 2h, 3d, ISO-8601 or RFC 3339 (default: 7d).")
        String since;

        @Option(names = "--limit", paramLabel = "N")
        Integer limit;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("since", Since.toParameter(since));
            query.put("limit", limit);
            JsonNode list = root.api().get(Service.BACKFILL_ORCHESTRATOR, Api.query("/quarantine", query));
            if (root.json()) {
                root.printJson(list);
                return Exit.OK;
            }
            Table table = new Table("QUARANTINED AT", "MESSAGE ID", "CONSUMER", "TYPE", "REASON");
            for (JsonNode q : list) {
                table.row(Table.text(q, "quarantined_at"), Table.text(q, "message_id"), Table.text(q, "consumer"),
                        Table.text(q, "original_type"), Table.text(q, "reason"));
            }
            if (table.isEmpty()) {
                root.out().println("Nothing quarantined in the window.");
            } else {
                table.print(root.out());
            }
            return Exit.OK;
        }
    }

    @Command(name = "show", description = "One quarantined message whole: reason, attributes, data.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MESSAGE_ID")
        String messageId;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            JsonNode detail = root.api().get(Service.BACKFILL_ORCHESTRATOR, "/quarantine/" + messageId);
            if (root.json()) {
                root.printJson(detail);
                return Exit.OK;
            }
            PrintStream out = root.out();
            JsonNode m = detail.path("message");
            out.printf("Message %s, quarantined %s by %s (%s)%n", Table.text(m, "message_id"),
                    Table.text(m, "quarantined_at"), Table.text(m, "consumer"), Table.text(m, "subscription"));
            out.printf("  reason: %s%n  field:  %s%n", Table.text(m, "reason"), Table.text(m, "path"));
            out.println("Attributes:");
            detail.path("attributes").fields().forEachRemaining(a -> out.printf("  %s = %s%n", a.getKey(),
                    a.getValue().asText()));
            if (detail.hasNonNull("data_text")) {
                out.println("Data (" + m.path("size").asInt() + " bytes):");
                out.println(detail.path("data_text").asText());
            } else {
                out.println("Data (" + m.path("size").asInt() + " bytes, not UTF-8, base64):");
                out.println(detail.path("data_base64").asText());
            }
            return Exit.OK;
        }
    }

    @Command(name = "republish", description = "Send the original to the topic it came from (same bytes and ce-id);"
            + " consumers that already processed it skip it.")
    static final class Republish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MESSAGE_ID")
        String messageId;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            JsonNode done = root.api().post(Service.BACKFILL_ORCHESTRATOR, "/quarantine/" + messageId + "/republish",
                    null);
            if (root.json()) {
                root.printJson(done);
            } else {
                root.out().printf("Re-published %s (ce-id %s) to %s as message %s%n", messageId,
                        Table.text(done, "ce_id"), Table.text(done, "topic"), Table.text(done, "message_id"));
            }
            return Exit.OK;
        }
    }
}

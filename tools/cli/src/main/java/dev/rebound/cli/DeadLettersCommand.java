package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What Pub/Sub could not deliver after its attempts, held per topic; redriven once the consumer is fixed. */
@Command(name = "dead-letters", description = "Dead-lettered messages held per topic: list, and redrive to their topic.",
        subcommands = {DeadLettersCommand.ListHeld.class, DeadLettersCommand.Redrive.class})
final class DeadLettersCommand {

    @Command(name = "list", description = "Held messages per topic; listing leaves them held.")
    static final class ListHeld implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "One topic (default: every topic).")
        String topic;

        @Option(names = "--limit", paramLabel = "N", description = "At most N per topic (default 100).")
        Integer limit;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("topic", topic);
            query.put("limit", limit);
            JsonNode held = root.api().get(Service.BACKFILL_ORCHESTRATOR, Api.query("/dead-letters", query));
            if (root.json()) {
                root.printJson(held);
                return Exit.OK;
            }
            Table table = new Table("TOPIC", "MESSAGE ID", "TYPE", "CE-ID", "FROM SUBSCRIPTION", "ATTEMPTS", "PUBLISHED");
            for (JsonNode d : held) {
                table.row(Table.text(d, "topic"), Table.text(d, "message_id"), Table.text(d, "type"),
                        Table.text(d, "ce_id"), Table.text(d, "source_subscription"), Table.text(d, "delivery_attempts"),
                        Table.text(d, "publish_time"));
            }
            if (table.isEmpty()) {
                root.out().println("No dead-lettered messages held.");
            } else {
                table.print(root.out());
            }
            return Exit.OK;
        }
    }

    @Command(name = "redrive", description = "Re-publish held messages to their topic, then release them from the hold.")
    static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "One topic (default: every topic).")
        String topic;

        @Option(names = "--limit", paramLabel = "N", description = "At most N per topic (default 100).")
        Integer limit;

        @Override
        public Integer call() {
            Rebound root = Rebound.of(spec);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("topic", topic);
            body.put("limit", limit);
            body.values().removeIf(java.util.Objects::isNull);
            JsonNode done = root.api().post(Service.BACKFILL_ORCHESTRATOR, "/dead-letters/redrive",
                    body.isEmpty() ? Collections.emptyMap() : body);
            if (root.json()) {
                root.printJson(done);
                return Exit.OK;
            }
            int total = 0;
            for (JsonNode r : done) {
                int n = r.path("republished").asInt();
                total += n;
                if (n > 0) {
                    root.out().printf("  %s: %d re-published%n", r.path("topic").asText(), n);
                }
            }
            root.out().println("Redrove " + total + " dead-lettered message" + (total == 1 ? "" : "s") + ".");
            return Exit.OK;
        }
    }
}

package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rebound.events.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Per service: ready, how far behind its deliveries are, and its open work. */
@Command(name = "status", description = "Per service: ready, delivery backlog, unsent outbox events, open runs, plans and gaps.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Rebound root = Rebound.of(spec);
        Api api = root.api();
        ArrayNode all = Json.mapper().createArrayNode();
        Table table = new Table("SERVICE", "READY", "IN FLIGHT", "OLDEST DELIVERY", "PROCESSED", "RETRIED",
                "QUARANTINED", "OUTBOX", "OPEN");
        boolean allReady = true;
        for (Service service : Service.values()) {
            ObjectNode entry = all.addObject().put("service", service.serviceName());
            try {
                JsonNode status = api.get(service, "/status");
                entry.set("status", status);
                boolean ready = status.path("ready").asBoolean(false);
                allReady &= ready;
                JsonNode deliveries = status.path("deliveries");
                table.row(service.serviceName(), ready ? "yes" : "NO", Table.text(status, "backlog", "in_flight"),
                        String.format(Locale.ROOT, "%.1f s", status.path("backlog").path("oldest_delivery_age_s")
                                .asDouble()), Table.text(deliveries, "processed"), Table.text(deliveries, "retried"),
                        Table.text(deliveries, "quarantined"), outbox(status.path("outbox")),
                        open(status.path("open")));
            } catch (CliException e) {
                allReady = false;
                entry.put("error", e.getMessage());
                table.row(service.serviceName(), e.exitCode() == Exit.UNREACHABLE ? "DOWN" : "NO", "-", "-", "-",
                        "-", "-", "-", e.getMessage());
            }
        }
        if (root.json()) {
            root.printJson(all);
        } else {
            root.out().println(api.target().describe());
            api.target().notes().forEach(note -> root.out().println("  " + note));
            table.print(root.out());
        }
        return allReady ? Exit.OK : Exit.TROUBLE;
    }

    /** Unsent outbox events, and the oldest one's age when there are any. */
    private static String outbox(JsonNode outbox) {
        long unsent = outbox.path("unsent").asLong();
        return unsent == 0 ? "0" : String.format(Locale.ROOT, "%d (oldest %.0f s)", unsent,
                outbox.path("oldest_age_s").asDouble());
    }

    private static String open(JsonNode open) {
        List<String> parts = new ArrayList<>();
        open.fields().forEachRemaining(f -> parts.add(f.getKey() + " " + Math.round(f.getValue().asDouble())));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}

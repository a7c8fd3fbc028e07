package dev.rebound.launcher;

import dev.rebound.events.EventType;
import dev.rebound.runtime.push.Quarantine;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live timeline: one line per archived event as it happens — sim time (ce-time), ce-type, the service that
 * published it, and its key fields. Heartbeats, heartbeat-tracker's canaries and coverage reports are frequent and
 * routine: they are counted in the progress line instead of printed one by one, as are Cloud Storage notifications
 * after the first of a folder.
 */
public final class Timeline {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Set<String> COUNTED_ONLY = Set.of(EventType.PROCESSOR_HEARTBEAT.ceType(),
            EventType.COVERAGE_REPORT.ceType(), EventType.HEARTBEAT_CANARY.ceType());

    private final PrintStream out;
    private final AtomicLong counted = new AtomicLong();
    private final AtomicLong printed = new AtomicLong();
    private final Set<String> gcsFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Timeline(PrintStream out) {
        this.out = out;
    }

    public void accept(ArchivedEvent e) {
        boolean poison = e.attributes().containsKey(PoisonMessages.MARKER);
        if (!poison && e.ceType() != null && COUNTED_ONLY.contains(e.ceType())) {
            counted.incrementAndGet();
            return;
        }
        if (e.ceType() == null && e.attributes().containsKey("objectId")) {
            // a scraper lands dozens of files at once: the first of each folder is shown, the rest counted
            String object = e.attributes().get("objectId");
            String folder = e.attributes().get("bucketId") + "/" + object.substring(0, Math.max(0, object.lastIndexOf('/')));
            if (!gcsFolders.add(folder)) {
                counted.incrementAndGet();
                return;
            }
        }
        printed.incrementAndGet();
        synchronized (out) {
            out.println(line(e));
        }
    }

    public long routineEvents() {
        return counted.get();
    }

    static String line(ArchivedEvent e) {
        if (e.attributes().containsKey(PoisonMessages.MARKER)) {
            return String.format("x %s  %-38s %-24s %s", TIME.format(e.time()), "poison." + e.attributes().get(
                    PoisonMessages.MARKER), "launcher", "on " + e.subscription().replaceFirst("--archive$", "")
                    + (e.ceType() == null ? "" : " as " + shortType(e.ceType())));
        }
        String type = e.ceType() != null ? e.ceType() : "gcs." + e.attributes().getOrDefault("eventType", "?");
        String mark = type.startsWith("pipeline.processor.stuck") || type.startsWith("pipeline.coverage.gap")
                || type.startsWith("pipeline.roster.stale") || type.startsWith("pipeline.backfill.abandoned")
                || type.startsWith("pipeline.input.stale") ? "!" : type.contains("resolved") || type.contains("recovered")
                || type.contains("plan_completed") ? "+" : " ";
        return String.format("%s %s  %-38s %-24s %s", mark, TIME.format(e.time()), shortType(type), e.source(),
                details(e, type));
    }

    static String shortType(String type) {
        return type.replaceFirst("\\.v1$", "");
    }

    static String details(ArchivedEvent e, String type) {
        List<String> parts = new ArrayList<>();
        if (EventType.QUARANTINED_CE_TYPE.equals(type)) {
            return "by " + e.attributes().getOrDefault(Quarantine.CONSUMER, "?") + ": "
                    + e.attributes().getOrDefault(Quarantine.PATH, "?") + " — "
                    + e.attributes().getOrDefault(Quarantine.REASON, "?");
        }
        if (e.data() == null) {
            if (e.attributes().containsKey("objectId")) {
                parts.add("gs://" + e.attributes().get("bucketId") + "/" + e.attributes().get("objectId"));
            }
            return String.join("  ", parts) + "  (more objects in this folder are counted, not printed)";
        }
        add(parts, "", e.field("processor"));
        if (!e.field("data_date").isEmpty()) {
            parts.add("(" + e.field("data_date") + ")");
        }
        add(parts, "game ", e.field("game_id"));
        add(parts, "phase ", e.field("phase"));
        if (!e.field("players").isEmpty() && type.contains("gap")) {
            parts.add(e.field("players") + "/" + e.field("min_players") + " players");
        }
        add(parts, "reason ", e.field("reason"));
        add(parts, "", e.field("severity"));
        add(parts, "scraper ", e.field("scraper"));
        add(parts, "source ", e.field("source"));
        if (e.data().has("objects")) {
            parts.add(e.data().get("objects").size() + " objects");
        }
        if (e.data().has("stale")) {
            parts.add(e.data().get("stale").size() + " stale teams");
        }
        add(parts, "records ", e.field("records_written"));
        add(parts, "attempt ", type.contains("trigger") || type.contains("step") ? e.field("attempt") : "");
        add(parts, "plan ", shortId(e.field("plan_id")));
        if (e.data().has("steps")) {
            parts.add(e.data().get("steps").size() + " steps");
        }
        if (e.data().has("suspected_root_causes") && e.data().get("suspected_root_causes").size() > 0) {
            var c = e.data().get("suspected_root_causes").get(0);
            parts.add("cause: " + c.path("processor").asText() + " " + c.path("status").asText());
        }
        if (!e.field("silent_for_s").isEmpty()) {
            parts.add("silent " + Math.round(Double.parseDouble(e.field("silent_for_s"))) + "s");
        }
        return String.join("  ", parts);
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static void add(List<String> parts, String label, String value) {
        if (value != null && !value.isEmpty()) {
            parts.add(label + value);
        }
    }

    public static String simTime(Instant t) {
        return TIME.format(t) + "Z";
    }
}

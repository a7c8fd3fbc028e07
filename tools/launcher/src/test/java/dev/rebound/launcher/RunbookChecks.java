package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.cli.Exit;
import dev.rebound.events.Event;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.runtime.pubsub.EmulatorRestPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * docs/runbook.md against the mesh of the Jan 23 replay, after its verdict: every command exits 0, and the ones an
 * operator reads first show what the replay left behind. The emulator never dead-letters, so one message is put
 * on a dead-letter topic first, as Pub/Sub would after ten failed deliveries.
 */
final class RunbookChecks {
    private RunbookChecks() {
    }

    static void runAgainst(MeshLayout layout) throws Exception {
        String emulator = Mesh.readEnv(layout).get("PUBSUB_EMULATOR_HOST");
        TopicCatalog catalog = TopicCatalog.load();
        String ceId = "runbook-" + UUID.randomUUID();
        EncodedMessage completed = new EventCodec().encode(Event.of(ceId, "runbook", Instant.now(),
                new ProcessorCompleted("PlayerGameSummaryProcessor", "run-runbook", LocalDate.parse("2026-01-22"),
                        Instant.parse("2026-01-23T10:00:00Z"), 1), null, Map.of()));
        Map<String, String> deadLettered = new LinkedHashMap<>(completed.attributes());
        deadLettered.put("CloudPubSubDeadLetterSourceSubscription", "coverage-monitor--processor-completions");
        deadLettered.put("CloudPubSubDeadLetterSourceDeliveryCount", "10");
        EmulatorRestPublisher.publish(emulator, MeshLayout.PROJECT_ID,
                catalog.deadLetterTopicName(Topics.PROCESSOR_COMPLETIONS),
                new EncodedMessage(completed.data(), deadLettered), Duration.ofSeconds(10));

        Runbook runbook = new Runbook(layout.repo(), layout.env());
        List<Runbook.Ran> ran = runbook.runAll();
        Path transcript = layout.runDir().resolve("runbook.out");
        Files.writeString(transcript, String.join("\n", ran.stream().map(Runbook.Ran::toString).toList()));
        assertThat(ran).as("every runbook command exits 0 (%s)", transcript)
                .allSatisfy(r -> assertThat(r.exitCode()).as("%s", r).isEqualTo(Exit.OK));

        // the runbook shows every subcommand of the CLI at least once
        assertThat(ran).extracting(r -> r.args().get(0) + (r.args().size() > 1 && !r.args().get(1).startsWith("-")
                && !r.args().get(0).equals("coverage") ? " " + r.args().get(1) : "")).contains("status", "runs stuck",
                "runs list", "plans list", "plans show", "plans create", "plans cancel", "alerts", "incidents", "coverage",
                "quarantine list", "quarantine show", "quarantine republish", "dead-letters list",
                "dead-letters redrive", "replay seek", "replay snapshot", "replay republish");
        assertThat(output(ran, "status")).contains("heartbeat-tracker", "roster-watcher", "coverage-monitor",
                "backfill-orchestrator").doesNotContain("DOWN");
        assertThat(output(ran, "alerts")).contains("pipeline.processor.stuck.v1", "pipeline.coverage.gap.v1");
        assertThat(output(ran, "coverage")).contains("TOR@POR", "PREDICTIONS");
        assertThat(output(ran, "incidents")).contains("scraper:espn_team_roster",
                "processor:PlayerGameSummaryProcessor", "pipeline.coverage.gap.v1");
        assertThat(output(ran, "quarantine list")).contains("heartbeat-tracker");
        assertThat(output(ran, "dead-letters list")).contains(ceId);
        assertThat(output(ran, "dead-letters redrive")).contains("Redrove 1 dead-lettered message");
        assertThat(output(ran, "runs list")).contains("PlayerGameSummaryProcessor", "2026-01-22");
    }

    private static String output(List<Runbook.Ran> ran, String command) {
        return ran.stream().filter(r -> String.join(" ", r.args()).startsWith(command)).findFirst()
                .map(Runbook.Ran::out).orElseThrow(() -> new AssertionError("the runbook has no '" + command + "'"));
    }
}

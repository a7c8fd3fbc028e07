package dev.rebound.rosterwatcher.rest;

import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.rosterwatcher.MissingInputCheck;
import dev.rebound.rosterwatcher.NotificationBacklog;
import dev.rebound.rosterwatcher.RosterCoverage;
import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import dev.rebound.rosterwatcher.ScraperBridge;
import dev.rebound.runtime.http.Caller;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The periodic work Cloud Scheduler calls (rebound/scheduler-jobs.json); each answers what it did. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Guarded(Caller.SCHEDULER)
public class TasksResource {
    private final RosterFreshnessMonitor freshness;
    private final ScraperBridge bridge;
    private final MissingInputCheck missingInputs;

    public TasksResource(RosterFreshnessMonitor freshness, ScraperBridge bridge, MissingInputCheck missingInputs) {
        this.freshness = freshness;
        this.bridge = bridge;
        this.missingInputs = missingInputs;
    }

    /** {@code correlation_id} is present when the check published a verdict. */
    public record FreshnessCheck(String check, Instant checkedAt, LocalDate asOf, boolean allFresh,
            List<StaleTeam> stale, List<String> missing, RosterFreshnessMonitor.Published published,
            String correlationId) {
    }

    public record StaleTeam(String teamAbbr, LocalDate latestRosterDate, Integer ageDays) {
    }

    /** {@code input_verdicts_held}: present when missing files were not judged (notifications may be on their way). */
    public record BridgeCheck(List<Completion> completionsPublished, List<StaleInput> inputStalePublished,
            NotificationBacklog.Reason inputVerdictsHeld) {
    }

    public record Completion(String scraper, LocalDate dataDate, int objects) {
    }

    public record StaleInput(String scraper, LocalDate dataDate, int objectsSeen, String detail) {
    }

    /** Hourly and daily roster freshness check. */
    @POST
    @Path("/freshness-check")
    public FreshnessCheck freshnessCheck() {
        RosterFreshnessMonitor.CheckResult result = freshness.check();
        RosterCoverage coverage = result.coverage();
        return new FreshnessCheck(result.check(), result.checkedAt(), coverage.asOf(), coverage.allFresh(),
                coverage.stale().stream().map(t -> new StaleTeam(t.team(), t.latestRosterDate(), t.ageDays())).toList(),
                coverage.missing(), result.published(), result.correlationId());
    }

    /** Flushes due bridge batches and reports scraper files that did not arrive by their expected time. */
    @POST
    @Path("/bridge-check")
    public BridgeCheck bridgeCheck() {
        List<ScraperCompleted> flushed = bridge.flushDue();
        List<InputStale> stale = missingInputs.check();
        return new BridgeCheck(
                flushed.stream().map(c -> new Completion(c.scraper(), c.dataDate(), c.objects().size())).toList(),
                stale.stream().map(s -> new StaleInput(s.input(), s.dataDate(), s.objectsSeen(), s.detail())).toList(),
                stale.isEmpty() ? missingInputs.held().orElse(null) : null);
    }
}

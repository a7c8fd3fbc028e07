package dev.rebound.rosterwatcher.rest;

import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.rosterwatcher.MissingInputCheck;
import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import dev.rebound.rosterwatcher.ScraperBridge;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The periodic work Cloud Scheduler calls (rebound/scheduler-jobs.json); each answers what it did. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final RosterFreshnessMonitor freshness;
    private final ScraperBridge bridge;
    private final MissingInputCheck missingInputs;

    public TaskResource(RosterFreshnessMonitor freshness, ScraperBridge bridge, MissingInputCheck missingInputs) {
        this.freshness = freshness;
        this.bridge = bridge;
        this.missingInputs = missingInputs;
    }

    /** Hourly and daily roster freshness check. */
    @POST
    @Path("/freshness-check")
    public Map<String, Object> freshnessCheck() {
        RosterFreshnessMonitor.CheckResult result = freshness.check();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("check", result.check());
        out.put("checked_at", result.checkedAt().toString());
        out.put("as_of", result.coverage().asOf().toString());
        out.put("all_fresh", result.coverage().allFresh());
        out.put("stale", result.coverage().stale().stream().map(t -> Map.of("team_abbr", t.team(),
                "latest_roster_date", t.latestRosterDate().toString(), "age_days", t.ageDays())).toList());
        out.put("missing", result.coverage().missing());
        out.put("published", result.published().name());
        if (result.correlationId() != null) {
            out.put("correlation_id", result.correlationId());
        }
        return out;
    }

    /** Flushes due bridge batches and reports scraper files that did not arrive by their expected time. */
    @POST
    @Path("/bridge-check")
    public Map<String, Object> bridgeCheck() {
        List<ScraperCompleted> flushed = bridge.flushDue();
        List<InputStale> stale = missingInputs.check();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("completions_published", flushed.stream().map(c -> Map.of("scraper", c.scraper(),
                "data_date", c.dataDate().toString(), "objects", c.objects().size())).toList());
        out.put("input_stale_published", stale.stream().map(s -> Map.of("scraper", s.input(),
                "data_date", s.dataDate().toString(), "objects_seen", s.objectsSeen(), "detail", s.detail())).toList());
        return out;
    }
}

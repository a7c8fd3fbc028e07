package dev.rebound.rosterwatcher.rest;

import dev.rebound.rosterwatcher.BridgeStats;
import dev.rebound.rosterwatcher.ScraperBridge;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.pipeline.PipelineConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per scraper: object versions recorded, completions published (each committed with its outbox event, which the relay
 * publishes), pending objects (from the bridge table, so they survive restarts and count every instance's work) and
 * notifications ignored by reason (since this instance started). Notifications no scraper owns are under
 * {@code (unmatched)}.
 */
@Path("/bridge/stats")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class BridgeStatsResource {
    private final ScraperBridge bridge;
    private final BridgeObjectStore objects;
    private final BridgeStats stats;

    public BridgeStatsResource(ScraperBridge bridge, BridgeObjectStore objects, BridgeStats stats) {
        this.bridge = bridge;
        this.objects = objects;
        this.stats = stats;
    }

    public record Bridge(Map<String, Scraper> scrapers) {
    }

    /** {@code bucket} and {@code object_pattern} are absent for a scraper no longer in the configuration. */
    public record Scraper(String bucket, String objectPattern, long objectsSeen, long batchesPublished, long pending,
            Instant lastObjectAt, Map<String, Long> ignored) {
    }

    @GET
    public Bridge stats() {
        Map<String, Map<String, Long>> ignored = stats.ignoredByScraper();
        Map<String, BridgeObjectStore.ScraperTotals> totals = new LinkedHashMap<>();
        objects.totals().forEach(t -> totals.put(t.scraper(), t));
        Map<String, Scraper> scrapers = new LinkedHashMap<>();
        for (PipelineConfig.Scraper s : bridge.scrapers()) {
            scrapers.put(s.name(), scraper(s.bucket(), s.objectPattern(), totals.remove(s.name()),
                    ignored.remove(s.name())));
        }
        // objects of scrapers since removed from the configuration, still in the table
        totals.forEach((name, t) -> scrapers.put(name, scraper(null, null, t, ignored.remove(name))));
        ignored.forEach((name, reasons) -> scrapers.put(name, scraper(null, null, null, reasons)));
        return new Bridge(scrapers);
    }

    private static Scraper scraper(String bucket, String pattern, BridgeObjectStore.ScraperTotals t,
            Map<String, Long> ignored) {
        return t == null ? new Scraper(bucket, pattern, 0, 0, 0, null, ignored == null ? Map.of() : ignored)
                : new Scraper(bucket, pattern, t.objectsSeen(), t.batches(), t.pending(), t.lastObjectAt(),
                        ignored == null ? Map.of() : ignored);
    }
}

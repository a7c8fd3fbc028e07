package dev.rebound.rosterwatcher.rest;

import dev.rebound.rosterwatcher.BridgeStats;
import dev.rebound.rosterwatcher.ScraperBridge;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.runtime.pipeline.PipelineConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
public class BridgeStatsResource {
    private final ScraperBridge bridge;
    private final BridgeObjectStore objects;
    private final BridgeStats stats;

    public BridgeStatsResource(ScraperBridge bridge, BridgeObjectStore objects, BridgeStats stats) {
        this.bridge = bridge;
        this.objects = objects;
        this.stats = stats;
    }

    @GET
    public Map<String, Object> stats() {
        Map<String, Map<String, Long>> ignored = stats.ignoredByScraper();
        Map<String, BridgeObjectStore.ScraperTotals> totals = new LinkedHashMap<>();
        objects.totals().forEach(t -> totals.put(t.scraper(), t));
        Map<String, Object> scrapers = new LinkedHashMap<>();
        for (PipelineConfig.Scraper s : bridge.scrapers()) {
            scrapers.put(s.name(), scraper(s.bucket(), s.objectPattern(), totals.remove(s.name()),
                    ignored.remove(s.name())));
        }
        // objects of scrapers since removed from the configuration, still in the table
        totals.forEach((name, t) -> scrapers.put(name, scraper(null, null, t, ignored.remove(name))));
        ignored.forEach((name, reasons) -> scrapers.put(name, scraper(null, null, null, reasons)));
        return Map.of("scrapers", scrapers);
    }

    private static Map<String, Object> scraper(String bucket, String pattern, BridgeObjectStore.ScraperTotals t,
            Map<String, Long> ignored) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (bucket != null) {
            out.put("bucket", bucket);
            out.put("object_pattern", pattern);
        }
        out.put("objects_seen", t == null ? 0 : t.objectsSeen());
        out.put("batches_published", t == null ? 0 : t.batches());
        out.put("pending", t == null ? 0 : t.pending());
        out.put("last_object_at", t == null || t.lastObjectAt() == null ? null : t.lastObjectAt().toString());
        out.put("ignored", ignored == null ? Map.of() : ignored);
        return out;
    }
}

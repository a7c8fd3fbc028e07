package dev.rebound.rosterwatcher;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notifications the bridge took without recording an object, by scraper and reason, since this instance started.
 * What was recorded and published is counted from the bridge table instead, so it survives restarts.
 */
@ApplicationScoped
public class BridgeStats {
    /** The scraper name used for notifications no scraper owns. */
    public static final String UNMATCHED = "(unmatched)";

    private final Map<String, Map<BridgeIgnoreReason, AtomicLong>> ignored = new ConcurrentHashMap<>();

    public void ignored(String scraper, BridgeIgnoreReason reason) {
        ignored.computeIfAbsent(scraper == null ? UNMATCHED : scraper, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long ignoredCount(String scraper, BridgeIgnoreReason reason) {
        AtomicLong count = ignored.getOrDefault(scraper, Map.of()).get(reason);
        return count == null ? 0 : count.get();
    }

    /** Per scraper (and {@link #UNMATCHED}), the non-zero counts by reason. */
    public Map<String, Map<String, Long>> ignoredByScraper() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        ignored.forEach((scraper, reasons) -> {
            Map<String, Long> counts = new TreeMap<>();
            reasons.forEach((reason, count) -> counts.put(reason.name(), count.get()));
            out.put(scraper, counts);
        });
        return out;
    }
}

package dev.rebound.rosterwatcher;

import dev.rebound.events.Event;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.rosterwatcher.store.BridgeObjectStore.BatchedObject;
import dev.rebound.rosterwatcher.store.BridgeObjectStore.BridgeObject;
import dev.rebound.rosterwatcher.store.BridgeObjectStore.PendingGroup;
import dev.rebound.rosterwatcher.store.InputAlertStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Closes the scraper → processor publish gap: Cloud Storage notifications for a scraper's objects are recorded
 * durably, batched per scraper and data date, and published as one {@code pipeline.scraper.completed.v1} (source
 * gcs-notification) per batch, so the processor's own subscription fires even when the scraper published nothing.
 *
 * <p>A batch is published when its scraper's expected number of objects is pending, or when its oldest object has
 * waited the scraper's batch window (sim time). The completion's ce-id is the batch id stored with the claimed
 * rows, so a crash between claim and publish re-publishes the same event, which consumers deduplicate.
 *
 * <p>It also watches the scrapers: a data date whose files did not all arrive by the scraper's expected_by is a
 * stale input ({@code pipeline.input.stale.v1}), raised once per scraper, data date and verdict.
 */
@ApplicationScoped
public class ScraperBridge {
    private static final Logger LOG = Logger.getLogger(ScraperBridge.class);
    public static final String INPUT_KIND = "scraper_files";

    /** What became of one notification. */
    public sealed interface Outcome {
    }

    public record Recorded(String scraper, LocalDate dataDate, String key, long generation) implements Outcome {
    }

    public record Ignored(String scraper, BridgeIgnoreReason reason) implements Outcome {
    }

    private final ScraperMatcher matcher;
    private final Map<String, PipelineConfig.Scraper> scrapers = new LinkedHashMap<>();
    private final BridgeObjectStore objects;
    private final InputAlertStore inputAlerts;
    private final EventPublisher publisher;
    private final ScenarioClock clock;
    private final BridgeStats stats;
    private final RosterWatcherConfig config;

    public ScraperBridge(Topology topology, BridgeObjectStore objects, InputAlertStore inputAlerts,
            EventPublisher publisher, ScenarioClock clock, BridgeStats stats, RosterWatcherConfig config) {
        List<PipelineConfig.Scraper> configured = topology.config().scrapers() == null ? List.of()
                : topology.config().scrapers();
        configured.forEach(s -> scrapers.put(s.name(), s));
        this.matcher = new ScraperMatcher(configured);
        this.objects = objects;
        this.inputAlerts = inputAlerts;
        this.publisher = publisher;
        this.clock = clock;
        this.stats = stats;
        this.config = config;
    }

    public List<PipelineConfig.Scraper> scrapers() {
        return List.copyOf(scrapers.values());
    }

    /**
     * Records a notification's object if a scraper owns it; publishes the batch at once when it is complete.
     * Returns only when the object is durably recorded (or the notification is known to need nothing).
     */
    public Outcome accept(GcsNotification notification) {
        Outcome outcome = record(notification);
        if (outcome instanceof Ignored ignored) {
            stats.ignored(ignored.scraper(), ignored.reason());
        } else if (outcome instanceof Recorded recorded) {
            PipelineConfig.Scraper scraper = scrapers.get(recorded.scraper());
            if (objects.pendingKeys(recorded.scraper(), recorded.dataDate()) >= scraper.expectedObjects()) {
                flushGroup(recorded.scraper(), recorded.dataDate());
            }
        }
        return outcome;
    }

    private Outcome record(GcsNotification n) {
        ScraperMatcher.Result match = matcher.match(n.bucketId(), n.objectId());
        String scraperName = match instanceof ScraperMatcher.Matched m ? m.scraper().name()
                : match instanceof ScraperMatcher.InvalidDate d ? d.scraper().name() : null;
        BridgeIgnoreReason notWritten = BridgeIgnoreReason.forEventType(n.eventType());
        if (notWritten != null) {
            return new Ignored(scraperName, notWritten);
        }
        if (match instanceof ScraperMatcher.InvalidDate invalid) {
            LOG.warnf("Object %s matches scraper %s but its date '%s' is not a calendar date; ignored", n.gsPath(),
                    invalid.scraper().name(), invalid.text());
            return new Ignored(scraperName, BridgeIgnoreReason.invalid_data_date);
        }
        if (!(match instanceof ScraperMatcher.Matched matched)) {
            return new Ignored(null, BridgeIgnoreReason.no_matching_scraper);
        }
        List<Long> known = objects.generationsOf(n.bucketId(), n.objectId());
        if (known.contains(n.objectGeneration())) {
            return new Ignored(scraperName, BridgeIgnoreReason.duplicate_generation);
        }
        if (known.stream().anyMatch(g -> g > n.objectGeneration())) {
            return new Ignored(scraperName, BridgeIgnoreReason.superseded_generation);
        }
        boolean inserted = objects.insert(new BridgeObject(n.bucketId(), n.objectId(), n.objectGeneration(),
                scraperName, matched.dataDate(), matched.key(), n.eventTime(), clock.instant()));
        if (!inserted) {
            return new Ignored(scraperName, BridgeIgnoreReason.duplicate_generation);
        }
        return new Recorded(scraperName, matched.dataDate(), matched.key(), n.objectGeneration());
    }

    /**
     * Publishes every batch that is due: first batches claimed but never accepted by Pub/Sub, then pending groups
     * that are complete or whose window has passed. Returns the completions published.
     */
    public synchronized List<ScraperCompleted> flushDue() {
        List<ScraperCompleted> published = new ArrayList<>();
        for (String batchId : objects.unpublishedBatches()) {
            publishBatch(batchId).ifPresent(published::add);
        }
        Instant now = clock.instant();
        for (PendingGroup group : objects.pendingGroups()) {
            PipelineConfig.Scraper scraper = scrapers.get(group.scraper());
            // a scraper removed from the configuration still gets its recorded objects published, without waiting
            boolean complete = scraper == null || group.distinctKeys() >= scraper.expectedObjects();
            Duration window = scraper == null ? Duration.ZERO : scraper.batchWindow();
            boolean windowPassed = !group.oldestReceivedAt().plus(window).isAfter(now);
            if (complete || windowPassed) {
                claimAndPublish(group.scraper(), group.dataDate(), now).ifPresent(published::add);
            }
        }
        return published;
    }

    private synchronized void flushGroup(String scraper, LocalDate dataDate) {
        claimAndPublish(scraper, dataDate, clock.instant());
    }

    private Optional<ScraperCompleted> claimAndPublish(String scraper, LocalDate dataDate, Instant now) {
        String batchId = UUID.randomUUID().toString();
        if (objects.claim(scraper, dataDate, batchId, now) == 0) {
            return Optional.empty();
        }
        return publishBatch(batchId);
    }

    private Optional<ScraperCompleted> publishBatch(String batchId) {
        List<BatchedObject> batch = objects.batch(batchId);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        BatchedObject first = batch.get(0);
        List<String> paths = batch.stream().map(BatchedObject::gsPath).distinct().sorted().toList();
        ScraperCompleted completion = new ScraperCompleted(first.scraper(), first.dataDate(), first.batchedAt(), paths,
                ScraperCompleted.Source.GCS_NOTIFICATION);
        publisher.publish(Event.of(batchId, publisher.source(), first.batchedAt(), completion,
                "bridge:" + first.scraper() + ":" + first.dataDate(), Map.of()));
        objects.markPublished(batchId, clock.instant());
        LOG.infof("Bridge published %s(%s): %d objects (batch %s)", first.scraper(), first.dataDate(), paths.size(),
                batchId);
        return Optional.of(completion);
    }

    /**
     * Raises {@code pipeline.input.stale.v1} for each scraper data date (today and the configured days before)
     * whose expected_by has passed with no objects, or fewer distinct objects than expected. Once per verdict.
     */
    public synchronized List<InputStale> checkInputs() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<InputStale> raised = new ArrayList<>();
        for (PipelineConfig.Scraper scraper : scrapers.values()) {
            if (scraper.expectedBy() == null) {
                continue;
            }
            for (int back = config.bridge().lookbackDays(); back >= 0; back--) {
                LocalDate dataDate = today.minusDays(back);
                Instant expectedBy = scraper.expectedBy().on(dataDate);
                if (expectedBy.isAfter(now)) {
                    continue;
                }
                BridgeObjectStore.Arrivals arrivals = objects.arrivals(scraper.name(), dataDate);
                String verdict = arrivals.distinctKeys() == 0 ? "no_objects"
                        : arrivals.distinctKeys() < scraper.expectedObjects() ? "incomplete" : null;
                if (verdict == null || inputAlerts.raised(scraper.name(), dataDate, verdict)) {
                    continue;
                }
                String detail = verdict.equals("no_objects")
                        ? "no objects from scraper " + scraper.name() + " for " + dataDate + " by " + expectedBy
                        : arrivals.distinctKeys() + " of " + scraper.expectedObjects() + " expected objects from scraper "
                                + scraper.name() + " for " + dataDate + " by " + expectedBy;
                InputStale alert = new InputStale(scraper.name(), INPUT_KIND, dataDate, expectedBy,
                        arrivals.distinctKeys(), now, scraper.severity(), detail, arrivals.lastReceivedAt());
                // one alert per verdict ever: a name-based id lets consumers drop a re-publish after a crash
                String eventId = UUID.nameUUIDFromBytes(("input-stale|" + scraper.name() + "|" + dataDate + "|"
                        + verdict).getBytes(StandardCharsets.UTF_8)).toString();
                publisher.publish(Event.of(eventId, publisher.source(), now, alert,
                        "input-stale:" + scraper.name() + ":" + dataDate, Map.of()));
                inputAlerts.record(scraper.name(), dataDate, verdict, arrivals.distinctKeys(), now, eventId);
                LOG.warnf("Input stale: %s", detail);
                raised.add(alert);
            }
        }
        return raised;
    }
}

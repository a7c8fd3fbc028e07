package dev.rebound.rosterwatcher;

import dev.rebound.events.Event;
import dev.rebound.events.EventIds;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.rosterwatcher.store.BridgeObjectStore.BridgeObject;
import dev.rebound.rosterwatcher.store.BridgeObjectStore.PendingGroup;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Closes the scraper → processor publish gap: Cloud Storage notifications for a scraper's objects are recorded
 * durably, batched per scraper and data date, and published as one {@code pipeline.scraper.completed.v1} (source
 * gcs-notification) per batch, so the processor's own subscription fires even when the scraper published nothing.
 *
 * <p>A batch is published when its scraper's expected number of objects is pending (by the push that completes it),
 * or when its oldest object has waited the scraper's batch window (sim time; by the flush timer). Recording,
 * counting and claiming a (scraper, data date) group happen in one transaction under that group's lock, and the
 * claim commits together with the completion's outbox row: any number of instances receiving the same
 * notifications and running the same timers publish each object version in exactly one completion. The
 * completion's ce-id is derived from the object versions it lists, so the same batch can never be queued twice.
 */
@ApplicationScoped
public class ScraperBridge {
    private static final Logger LOG = Logger.getLogger(ScraperBridge.class);

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
    private final StateStore store;
    private final Outbox outbox;
    private final String source;
    private final ScenarioClock clock;
    private final BridgeStats stats;
    private final NotificationBacklog backlog;

    public ScraperBridge(Topology topology, BridgeObjectStore objects, StateStore store, Outbox outbox,
            EventPublisher publisher, ScenarioClock clock, BridgeStats stats, NotificationBacklog backlog) {
        List<PipelineConfig.Scraper> configured = topology.config().scrapers() == null ? List.of()
                : topology.config().scrapers();
        configured.forEach(s -> scrapers.put(s.name(), s));
        this.matcher = new ScraperMatcher(configured);
        this.objects = objects;
        this.store = store;
        this.outbox = outbox;
        this.source = publisher.source();
        this.clock = clock;
        this.stats = stats;
        this.backlog = backlog;
    }

    public List<PipelineConfig.Scraper> scrapers() {
        return List.copyOf(scrapers.values());
    }

    /**
     * Records a notification's object if a scraper owns it and queues its batch's completion when this object
     * completes the batch, in one transaction (the message's own, when the runtime delivers it). Returns once that
     * committed.
     */
    public Outcome accept(GcsNotification notification) {
        return store.inTransaction(() -> {
            Outcome outcome = record(notification);
            if (outcome instanceof Ignored ignored) {
                store.afterCommit(() -> stats.ignored(ignored.scraper(), ignored.reason()));
            } else if (outcome instanceof Recorded recorded) {
                flushIf(recorded.scraper(), recorded.dataDate(), this::complete);
            }
            return outcome;
        });
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
        // an object's path names its data date, so all its generations are in this group: under the group's lock
        // the generations read here are all there are
        objects.lockGroup(scraperName, matched.dataDate());
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
     * Queues a completion for every batch that is due: complete, or whose window has passed. Each group is decided
     * in its own transaction. Returns the completions queued (the outbox relay publishes them).
     */
    public List<ScraperCompleted> flushDue() {
        List<ScraperCompleted> queued = new ArrayList<>();
        Instant now = clock.instant();
        for (PendingGroup group : objects.pendingGroups()) {
            if (due(group, now)) {
                store.inTransaction(() -> flushIf(group.scraper(), group.dataDate(), g -> due(g, clock.instant())))
                        .ifPresent(queued::add);
            }
        }
        return queued;
    }

    /**
     * Under the group's lock: claims the pending objects into one batch and queues its completion, if the pending
     * objects, as the lock holder sees them, are {@code ready}.
     */
    private Optional<ScraperCompleted> flushIf(String scraper, LocalDate dataDate, Predicate<PendingGroup> ready) {
        objects.lockGroup(scraper, dataDate);
        Optional<PendingGroup> group = objects.pendingGroup(scraper, dataDate);
        if (group.isEmpty() || !ready.test(group.get())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<BridgeObject> batch = objects.pending(scraper, dataDate);
        String batchId = EventIds.of("scraper-completion", scraper, dataDate,
                String.join("\u0000", batch.stream().map(o -> o.gsPath() + "#" + o.generation()).toList()));
        long claimed = objects.claim(scraper, dataDate, batchId, now);
        if (claimed != batch.size()) {
            throw new IllegalStateException("Claimed " + claimed + " objects of " + scraper + "(" + dataDate
                    + ") but " + batch.size() + " were pending under the group's lock");
        }
        List<String> paths = batch.stream().map(BridgeObject::gsPath).distinct().sorted().toList();
        ScraperCompleted completion = new ScraperCompleted(scraper, dataDate, now, paths,
                ScraperCompleted.Source.GCS_NOTIFICATION);
        String correlationId = "bridge:" + scraper + ":" + dataDate;
        if (!outbox.add(Event.of(batchId, source, now, completion, correlationId, Map.of()), correlationId)) {
            // the same object versions were queued before: they were published then, and are claimed now
            LOG.warnf("Batch %s of %s(%s) was already in the outbox; not queued again", batchId, scraper, dataDate);
            return Optional.empty();
        }
        store.afterCommit(() -> LOG.infof("Bridge queued %s(%s): %d objects (batch %s)", scraper, dataDate,
                paths.size(), batchId));
        return Optional.of(completion);
    }

    private boolean due(PendingGroup group, Instant now) {
        return complete(group) || windowPassed(group, now);
    }

    private boolean complete(PendingGroup group) {
        PipelineConfig.Scraper scraper = scrapers.get(group.scraper());
        // a scraper removed from the configuration still gets its recorded objects published, without waiting
        return scraper == null || group.distinctKeys() >= scraper.expectedObjects();
    }

    /**
     * The batch window has passed since its oldest object arrived, and no backlog of notifications is draining:
     * while one is, the rest of the batch is likely still queued, and a partial batch would start the scraper's
     * consumers on part of its files, then again on the rest.
     */
    private boolean windowPassed(PendingGroup group, Instant now) {
        PipelineConfig.Scraper scraper = scrapers.get(group.scraper());
        return scraper == null || !group.oldestReceivedAt().plus(scraper.batchWindow()).isAfter(now)
                && backlog.drainingUntil(now).isEmpty();
    }
}

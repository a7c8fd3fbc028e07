package dev.rebound.rosterwatcher;

import dev.rebound.events.Event;
import dev.rebound.events.EventIds;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.InputStale;
import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.rosterwatcher.store.InputAlertStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * Watches the scrapers through what the bridge recorded: a data date whose files did not all arrive by the scraper's
 * expected_by is a stale input ({@code pipeline.input.stale.v1}), raised once per scraper, data date and verdict —
 * the alert's row and its outbox event commit together, and only the instance whose row was inserted raises it.
 * When a newer data date of the scraper has fully arrived and every consumer's freshness edge accepts it in place of
 * the missing one, the alert is informational (severity info): nothing downstream lacks an input. The verdict is
 * judged once, when raised: one raised before the newer input arrived stays at the scraper's severity. Nothing is
 * judged while notifications may still be on their way ({@link NotificationBacklog}: a backlog draining, or this
 * instance just started); the first check after that judges the same data dates.
 */
@ApplicationScoped
public class MissingInputCheck {
    private static final Logger LOG = Logger.getLogger(MissingInputCheck.class);
    public static final String INPUT_KIND = "scraper_files";

    private final List<PipelineConfig.Scraper> scrapers;
    private final Topology topology;
    private final BridgeObjectStore objects;
    private final InputAlertStore inputAlerts;
    private final StateStore store;
    private final Outbox outbox;
    private final String source;
    private final ScenarioClock clock;
    private final RosterWatcherConfig config;
    private final NotificationBacklog backlog;
    private volatile long lastHeldLog;

    public MissingInputCheck(Topology topology, BridgeObjectStore objects, InputAlertStore inputAlerts,
            StateStore store, Outbox outbox, EventPublisher publisher, ScenarioClock clock,
            RosterWatcherConfig config, NotificationBacklog backlog) {
        this.scrapers = topology.config().scrapers() == null ? List.of() : List.copyOf(topology.config().scrapers());
        this.topology = topology;
        this.objects = objects;
        this.inputAlerts = inputAlerts;
        this.store = store;
        this.outbox = outbox;
        this.source = publisher.source();
        this.clock = clock;
        this.config = config;
        this.backlog = backlog;
    }

    /** Why and until when missing-input verdicts wait now, if they do. */
    public Optional<NotificationBacklog.Reason> held() {
        return backlog.holdAt(clock.instant());
    }

    /**
     * Raises {@code pipeline.input.stale.v1} for each scraper data date (today and the configured days before)
     * whose expected_by has passed with no objects, or fewer distinct objects than expected. Returns the alerts
     * this call raised (the outbox relay publishes them).
     */
    public List<InputStale> check() {
        Instant now = clock.instant();
        Optional<NotificationBacklog.Reason> held = backlog.holdAt(now);
        if (held.isPresent()) {
            if (lastHeldLog == 0 || System.nanoTime() - lastHeldLog >= TimeUnit.MINUTES.toNanos(1)) {
                lastHeldLog = System.nanoTime();
                LOG.infof("Missing scraper files are not judged before %s: %s", held.get().until(), held.get().why());
            }
            return List.of();
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<InputStale> raised = new ArrayList<>();
        for (PipelineConfig.Scraper scraper : scrapers) {
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
                InputVerdict verdict = arrivals.distinctKeys() == 0 ? InputVerdict.no_objects
                        : arrivals.distinctKeys() < scraper.expectedObjects() ? InputVerdict.incomplete : null;
                if (verdict == null) {
                    continue;
                }
                Optional<LocalDate> newer = supersededBy(scraper, dataDate, topology.supersedingDays(scraper.name()),
                        date -> objects.arrivals(scraper.name(), date).distinctKeys());
                InputStale alert = alert(scraper, dataDate, expectedBy, verdict, arrivals, now, newer);
                if (raise(verdict, alert)) {
                    raised.add(alert);
                }
            }
        }
        return raised;
    }

    /** Records the verdict and queues its alert in one transaction; false when it was raised before. */
    private boolean raise(InputVerdict verdict, InputStale alert) {
        // one alert per verdict ever: the id is the verdict's, whoever raises it
        String eventId = EventIds.of("input-stale", alert.input(), alert.dataDate(), verdict);
        return store.inTransaction(() -> {
            if (!inputAlerts.record(alert.input(), alert.dataDate(), verdict, alert.objectsSeen(), alert.detectedAt(),
                    eventId)) {
                return false;
            }
            outbox.add(Event.of(eventId, source, alert.detectedAt(), alert,
                    "input-stale:" + alert.input() + ":" + alert.dataDate(), Map.of()), null);
            store.afterCommit(() -> LOG.warnf("Input stale: %s", alert.detail()));
            return true;
        });
    }

    /**
     * The newest data date within {@code window} days after {@code dataDate} whose objects all arrived: an input that
     * every consumer's freshness edge accepts in place of the missing one ({@link Topology#supersedingDays}).
     */
    static Optional<LocalDate> supersededBy(PipelineConfig.Scraper scraper, LocalDate dataDate, int window,
            ToIntFunction<LocalDate> distinctKeysOn) {
        for (int ahead = window; ahead > 0; ahead--) {
            LocalDate newer = dataDate.plusDays(ahead);
            if (distinctKeysOn.applyAsInt(newer) >= scraper.expectedObjects()) {
                return Optional.of(newer);
            }
        }
        return Optional.empty();
    }

    /** Superseded: informational (severity info), not a page and not a repair target. */
    private static InputStale alert(PipelineConfig.Scraper scraper, LocalDate dataDate, Instant expectedBy,
            InputVerdict verdict, BridgeObjectStore.Arrivals arrivals, Instant now, Optional<LocalDate> newer) {
        String detail = verdict == InputVerdict.no_objects
                ? "no objects from scraper " + scraper.name() + " for " + dataDate + " by " + expectedBy
                : arrivals.distinctKeys() + " of " + scraper.expectedObjects() + " expected objects from scraper "
                        + scraper.name() + " for " + dataDate + " by " + expectedBy;
        if (newer.isPresent()) {
            detail += "; superseded by " + newer.get() + ", which every consumer's freshness edge accepts";
        }
        return new InputStale(scraper.name(), INPUT_KIND, dataDate, expectedBy, arrivals.distinctKeys(), now,
                newer.isPresent() ? Severity.INFO : scraper.severity(), detail, arrivals.lastReceivedAt());
    }
}

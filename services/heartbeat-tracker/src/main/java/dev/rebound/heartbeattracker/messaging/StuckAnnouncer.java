package dev.rebound.heartbeattracker.messaging;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.heartbeattracker.RunKey;
import dev.rebound.heartbeattracker.StuckVerdict;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.heartbeattracker.store.RunStore.Announcement;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Publishes what a stuck verdict owes the mesh — the stuck alert, the failed(reason=stuck) event that starts the
 * orchestrator's repair, and at most one late-heartbeat alert — each marked in the store once Pub/Sub accepted it,
 * so a failed publish is retried by the next sweep and a done one is never repeated. The ce-ids are derived from
 * the run, so even the one unavoidable repeat (a crash between Pub/Sub's acceptance and the mark) is a duplicate
 * every consumer's ledger drops.
 */
@ApplicationScoped
public class StuckAnnouncer {
    private final Consumer<Event<?>> publish;
    private final String source;
    private final RunStore store;
    private final Clock clock;

    @Inject
    public StuckAnnouncer(EventPublisher publisher, RunStore store, ScenarioClock clock) {
        this(publisher::publish, publisher.source(), store, clock);
    }

    /**
     * @param publish blocks until Pub/Sub accepted the event, throws otherwise (what {@link EventPublisher} does)
     * @param source  the ce-source of this service
     */
    public StuckAnnouncer(Consumer<Event<?>> publish, String source, RunStore store, Clock clock) {
        this.publish = publish;
        this.source = source;
        this.store = store;
        this.clock = clock;
    }

    /** Publishes every announcement of this run not yet marked; returns the ce-types published. Throws on failure. */
    public List<String> announcePending(TrackedRun run) {
        StuckVerdict verdict = run.verdict();
        if (verdict == null) {
            throw new IllegalArgumentException("Run " + run.key() + " has no stuck verdict to announce");
        }
        List<String> published = new ArrayList<>();
        RunKey key = run.key();
        if (!verdict.alertPublished()) {
            published.add(send("stuck-alert", key, new ProcessorStuck(key.processor(), key.runId(), run.dataDate(),
                    verdict.lastSeenAt(), verdict.silentForS(), verdict.thresholdS(), verdict.detectedAt()),
                    verdict.correlationId()));
            store.markPublished(key, Announcement.stuck_alert_published);
        }
        if (!verdict.failedPublished()) {
            String message = String.format(Locale.ROOT,
                    "no heartbeat for %.0f s (threshold %.0f s); last sign of life at %s",
                    verdict.silentForS(), verdict.thresholdS(), verdict.lastSeenAt());
            published.add(send("stuck-failed", key, new ProcessorFailed(key.processor(), key.runId(), run.dataDate(),
                    verdict.detectedAt(), ProcessorFailed.Reason.STUCK, message, true), verdict.correlationId()));
            store.markPublished(key, Announcement.stuck_failed_published);
        }
        if (run.lateHeartbeatAt() != null && !verdict.latePublished()) {
            published.add(send("late-heartbeat", key, new LateHeartbeat(key.processor(), key.runId(), run.dataDate(),
                    run.lateHeartbeatAt(), verdict.detectedAt(), clock.instant()), verdict.correlationId()));
            store.markPublished(key, Announcement.late_published);
        }
        return published;
    }

    private String send(String what, RunKey key, EventPayload payload, String correlationId) {
        String ceId = UUID.nameUUIDFromBytes((what + '\u0000' + key.processor() + '\u0000' + key.runId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        Event<?> event = Event.of(ceId, source, clock.instant(), payload, correlationId, Map.of());
        publish.accept(event);
        return event.type().ceType();
    }
}

package dev.rebound.heartbeattracker.messaging;

import dev.rebound.events.Event;
import dev.rebound.events.EventIds;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.heartbeattracker.RunKey;
import dev.rebound.heartbeattracker.StuckVerdict;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a stuck verdict owes the mesh — the stuck alert and the failed(reason=stuck) event that starts the
 * orchestrator's repair — and the one late-heartbeat alert when a stuck run speaks again. Each goes into the outbox
 * in the transaction that made the decision, so it is published if and only if the decision committed. The ce-ids
 * are derived from the run, so deciding the same thing twice could never announce it twice either.
 */
@ApplicationScoped
public class StuckAnnouncer {
    private final Outbox outbox;
    private final String source;
    private final Clock clock;

    public StuckAnnouncer(Outbox outbox, EventPublisher publisher, ScenarioClock clock) {
        this.outbox = outbox;
        this.source = publisher.source();
        this.clock = clock;
    }

    /** Queues the stuck alert and failed(reason=stuck) of a verdict just won; returns their ce-types. */
    public List<String> announceStuck(TrackedRun run, StuckVerdict verdict) {
        RunKey key = run.key();
        String message = String.format(Locale.ROOT, "no heartbeat for %.0f s (threshold %.0f s); last sign of life at %s",
                verdict.silentForS(), verdict.thresholdS(), verdict.lastSeenAt());
        return List.of(
                queue("stuck-alert", key, new ProcessorStuck(key.processor(), key.runId(), run.dataDate(),
                        verdict.lastSeenAt(), verdict.silentForS(), verdict.thresholdS(), verdict.detectedAt()),
                        verdict.correlationId()),
                queue("stuck-failed", key, new ProcessorFailed(key.processor(), key.runId(), run.dataDate(),
                        verdict.detectedAt(), ProcessorFailed.Reason.STUCK, message, true), verdict.correlationId()));
    }

    /** Queues the late-heartbeat alert of a stuck run that spoke again. */
    public String announceLateHeartbeat(TrackedRun run) {
        StuckVerdict verdict = run.verdict();
        return queue("late-heartbeat", run.key(), new LateHeartbeat(run.key().processor(), run.key().runId(),
                run.dataDate(), run.lateHeartbeatAt(), verdict.detectedAt(), clock.instant()), verdict.correlationId());
    }

    private String queue(String what, RunKey key, EventPayload payload, String correlationId) {
        String ceId = EventIds.of(what, key.processor(), key.runId());
        Event<?> event = Event.of(ceId, source, clock.instant(), payload, correlationId, Map.of());
        outbox.add(event, null);
        return event.type().ceType();
    }
}

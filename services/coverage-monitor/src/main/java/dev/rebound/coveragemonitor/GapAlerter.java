package dev.rebound.coveragemonitor;

import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.PipelineAlertStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.Cause;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a date's coverage into gap alert state changes ({@link GapRules}). Each change is a guarded write of the
 * alert (it counts only if the alert is still what the decision was made from) and, when it counts, its
 * announcement goes into the outbox in the same transaction under an id derived from the change (date, game,
 * phase, raise number, kind): a change is announced exactly when it is committed, once, whoever decides it.
 */
@ApplicationScoped
public class GapAlerter {
    private final Topology topology;
    private final GapAlertStore alerts;
    private final CoverageAnnouncer announcer;
    private final RunStore runs;
    private final PipelineAlertStore pipelineAlerts;
    private final StateStore store;
    private final RootCauseFinder finder;

    public GapAlerter(Topology topology, GapAlertStore alerts, CoverageAnnouncer announcer, RunStore runs,
            PipelineAlertStore pipelineAlerts, StateStore store) {
        this.topology = topology;
        this.alerts = alerts;
        this.announcer = announcer;
        this.runs = runs;
        this.pipelineAlerts = pipelineAlerts;
        this.store = store;
        this.finder = new RootCauseFinder(topology);
    }

    public Duration alertLeadTime() {
        return topology.config().coverage().alertBeforeFirstTipoff();
    }

    /**
     * Applies the rules to every (game, phase) of the date, in one transaction (the caller's, if it has one);
     * returns how many announcements were queued.
     */
    public int apply(DateCoverage coverage, Instant now) {
        Instant deadline = coverage.alertDeadline(alertLeadTime()).orElse(null);
        if (deadline == null) {
            return 0;
        }
        return store.inTransaction(() -> decide(coverage, now, deadline));
    }

    private int decide(DateCoverage coverage, Instant now, Instant deadline) {
        Map<String, GapAlert> stored = alerts.forDate(coverage.gameDate()).stream()
                .collect(Collectors.toMap(a -> key(a.gameId(), a.phase()), Function.identity()));
        Observations seen = null;
        int queued = 0;
        for (DateCoverage.Phase phase : coverage.phases()) {
            for (DateCoverage.Game game : coverage.games()) {
                GapAlert current = stored.get(key(game.gameId(), phase.phase()));
                int players = game.players(phase.phase());
                GapRules.Action action = GapRules.decide(current == null ? null : current.state(), game.started(),
                        phase.ran(), players, coverage.minPlayers(), now, deadline);
                if (action == GapRules.Action.NONE) {
                    continue;
                }
                if (seen == null && action != GapRules.Action.RESOLVE && action != GapRules.Action.EXPIRE) {
                    seen = observe(coverage.gameDate());
                }
                queued += act(action, coverage, phase, game, current, seen, now, deadline);
            }
        }
        return queued;
    }

    private int act(GapRules.Action action, DateCoverage coverage, DateCoverage.Phase phase, DateCoverage.Game game,
            GapAlert current, Observations seen, Instant now, Instant deadline) {
        LocalDate date = coverage.gameDate();
        int players = game.players(phase.phase());
        int min = coverage.minPlayers();
        switch (action) {
            case RAISE -> {
                int seq = current == null ? 1 : current.seq() + 1;
                boolean critical = !now.isBefore(deadline);
                RootCauseFinder.RootCauses causes = causes(phase, game, coverage, seen);
                Severity severity = critical ? Severity.CRITICAL : Severity.WARNING;
                GapAlert raised = new GapAlert(date, game.gameId(), phase.phase(),
                        critical ? GapState.ESCALATED : GapState.OPEN, severity, seq, players, min,
                        game.expectedPlayers(), game.tipoffAt(), game.homeTeam(), game.awayTeam(), now,
                        critical ? now : null, null, now, causes.causes(), causes.correlationId());
                boolean written = current == null ? alerts.insert(raised) : alerts.replace(current, raised);
                return written && announce(raised, "raised", new CoverageGap(date, game.gameId(), game.tipoffAt(),
                        phase.phase(), players, min, now, severity, causes.causes()), now) ? 1 : 0;
            }
            case ESCALATE -> {
                RootCauseFinder.RootCauses causes = causes(phase, game, coverage, seen);
                String correlationId = current.correlationId() != null ? current.correlationId()
                        : causes.correlationId();
                GapAlert escalated = new GapAlert(date, game.gameId(), phase.phase(), GapState.ESCALATED,
                        Severity.CRITICAL, current.seq(), players, min, game.expectedPlayers(), game.tipoffAt(),
                        game.homeTeam(), game.awayTeam(), current.raisedAt(), now, null, now, causes.causes(),
                        correlationId);
                return alerts.replace(current, escalated) && announce(escalated, "escalated", new CoverageGap(date,
                        game.gameId(), game.tipoffAt(), phase.phase(), players, min, now, Severity.CRITICAL,
                        causes.causes()), now) ? 1 : 0;
            }
            case RESOLVE -> {
                GapAlert resolved = withState(current, GapState.RESOLVED, players, now, current.causes());
                return alerts.replace(current, resolved) && announce(resolved, "resolved",
                        new CoverageResolved(date, game.gameId(), phase.phase(), players, min, now), now) ? 1 : 0;
            }
            case EXPIRE -> {
                alerts.replace(current, withState(current, GapState.MISSED, players, now, current.causes()));
                return 0;
            }
            case REFRESH -> {
                RootCauseFinder.RootCauses causes = causes(phase, game, coverage, seen);
                if (current.players() != players || !Objects.equals(current.causes(), causes.causes())) {
                    alerts.replace(current, new GapAlert(current.gameDate(), current.gameId(), current.phase(),
                            current.state(), current.severity(), current.seq(), players, min, game.expectedPlayers(),
                            current.tipoffAt(), current.homeTeam(), current.awayTeam(), current.raisedAt(),
                            current.escalatedAt(), null, now, causes.causes(), current.correlationId()));
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    private static GapAlert withState(GapAlert a, GapState state, int players, Instant now, List<Cause> causes) {
        return new GapAlert(a.gameDate(), a.gameId(), a.phase(), state, a.severity(), a.seq(), players,
                a.minPlayers(), a.expectedPlayers(), a.tipoffAt(), a.homeTeam(), a.awayTeam(), a.raisedAt(),
                a.escalatedAt(), now, now, causes, a.correlationId());
    }

    /** Queues the announcement of a change just written; false if this very change was queued before. */
    private boolean announce(GapAlert alert, String kind, EventPayload payload, Instant now) {
        return announcer.gap(eventId(alert.gameDate(), alert.gameId(), alert.phase(), alert.seq(), kind),
                alert.gameDate(), alert.gameId(), alert.phase(), payload, alert.correlationId(), now);
    }

    private RootCauseFinder.RootCauses causes(DateCoverage.Phase phase, DateCoverage.Game game, DateCoverage coverage,
            Observations seen) {
        return finder.find(phase.processor(), coverage.gameDate(), game, coverage.latestRosterByTeam(), seen);
    }

    /** Everything seen that could explain a gap on this date: the union of every phase's upstream windows. */
    public Observations observe(LocalDate date) {
        LocalDate from = date;
        LocalDate to = date;
        for (PipelineConfig.Processor p : topology.coverageProcessors()) {
            for (RootCauseFinder.RunWindow w : finder.upstreamWindows(p.name(), date)) {
                from = from.isAfter(w.from()) ? w.from() : from;
                to = to.isBefore(w.to()) ? w.to() : to;
            }
        }
        return new Observations(runs.between(from, to), pipelineAlerts.rosterVerdicts(),
                pipelineAlerts.staleRosterCorrelationId().orElse(null), pipelineAlerts.between(from, to));
    }

    public RootCauseFinder finder() {
        return finder;
    }

    /** The alert id: one per game, phase, raise number and state change. */
    static String eventId(LocalDate date, String gameId, String phase, int seq, String kind) {
        return "coverage-gap/" + date + "/" + gameId + "/" + phase + "/" + seq + "/" + kind;
    }

    private static String key(String gameId, String phase) {
        return gameId + "\u0000" + phase;
    }

    /** Active alerts sorted by tip-off, for callers that show them. */
    public List<GapAlert> active() {
        return alerts.active().stream().sorted(Comparator.comparing(GapAlert::tipoffAt)).toList();
    }
}

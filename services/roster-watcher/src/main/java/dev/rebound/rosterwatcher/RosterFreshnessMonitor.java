package dev.rebound.rosterwatcher;

import dev.rebound.events.Event;
import dev.rebound.events.internal.RosterRecovered;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.rosterwatcher.store.RosterTable;
import dev.rebound.rosterwatcher.store.RosterVerdictStore;
import dev.rebound.rosterwatcher.store.RosterVerdictStore.StoredVerdict;
import dev.rebound.rosterwatcher.store.RosterVerdictStore.Verdict;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The roster freshness check (the seed's roster_coverage_monitor.py, run by Rebound): the latest roster per
 * expected team against the maximum age, as of the scenario clock's date. A stale verdict publishes
 * {@code pipeline.roster.stale.v1}; the first all-fresh verdict after it publishes {@code pipeline.roster.recovered.v1}.
 * The last verdict is persisted, so the same verdict on the same data is never published twice in a row, across
 * restarts and whichever trigger (timer, Cloud Scheduler, roster processor completion) ran the check.
 */
@ApplicationScoped
public class RosterFreshnessMonitor {
    private static final Logger LOG = Logger.getLogger(RosterFreshnessMonitor.class);

    /** What a check found and what it published. */
    public record CheckResult(String check, Instant checkedAt, RosterCoverage coverage, Published published,
            String correlationId) {
    }

    public enum Published {
        /** A stale verdict on new data. */
        stale,
        /** All fresh after a stale verdict. */
        recovered,
        /** The verdict is the one already published (or fresh with nothing to recover from). */
        nothing
    }

    private final PipelineConfig.Rosters rosters;
    private final RosterTable rosterTable;
    private final RosterVerdictStore verdicts;
    private final EventPublisher publisher;
    private final ScenarioClock clock;
    private final RosterWatcherConfig config;

    public RosterFreshnessMonitor(Topology topology, RosterTable rosterTable, RosterVerdictStore verdicts,
            EventPublisher publisher, ScenarioClock clock, RosterWatcherConfig config) {
        this.rosters = topology.config().rosters();
        this.rosterTable = rosterTable;
        this.verdicts = verdicts;
        this.publisher = publisher;
        this.clock = clock;
        this.config = config;
    }

    public PipelineConfig.Rosters rosters() {
        return rosters;
    }

    /** Coverage as of now, without publishing anything (the operator's report). */
    public RosterCoverage coverage() {
        return coverageAsOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private RosterCoverage coverageAsOf(LocalDate asOf) {
        Map<String, LocalDate> latest = rosterTable.latestPerTeam(asOf.minusDays(config.freshness().lookbackDays()),
                asOf);
        return RosterCoverage.evaluate(rosters.teams(), latest, asOf, rosters.maxAgeDays());
    }

    /** Runs the check and publishes a changed verdict. Serialised: triggers may overlap. */
    public synchronized CheckResult check() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        RosterCoverage coverage = coverageAsOf(today);
        String check = rosters.check();
        Optional<StoredVerdict> last = verdicts.last(check);
        String fingerprint = coverage.fingerprint();
        // name-based ids: a re-publish after a crash before the verdict was saved carries the same ce-id
        String previous = last.map(v -> v.fingerprint() + "@" + v.checkedAt()).orElse("none");
        String eventId = UUID.nameUUIDFromBytes((check + "|" + fingerprint + "|" + previous)
                .getBytes(StandardCharsets.UTF_8)).toString();

        if (!coverage.allFresh()) {
            if (last.isPresent() && last.get().verdict() == Verdict.stale && last.get().fingerprint().equals(fingerprint)) {
                return new CheckResult(check, now, coverage, Published.nothing, last.get().correlationId());
            }
            String correlationId = "stale:" + check + ":" + today;
            RosterStale alert = new RosterStale(now, rosters.maxAgeDays(), rosters.teams().size(),
                    coverage.stale().stream().map(t -> new RosterStale.StaleTeam(t.team(), t.latestRosterDate(),
                            t.ageDays())).toList(),
                    coverage.missing(), rosters.severity(), check);
            publisher.publish(Event.of(eventId, publisher.source(), now, alert, correlationId, Map.of()));
            verdicts.save(new StoredVerdict(check, Verdict.stale, fingerprint, now, alert.stale().size(),
                    alert.missing().size(), correlationId, eventId));
            LOG.warnf("Rosters stale (%s): %d stale %s, %d missing %s", check, alert.stale().size(),
                    alert.stale().stream().map(RosterStale.StaleTeam::teamAbbr).toList(), alert.missing().size(),
                    alert.missing());
            return new CheckResult(check, now, coverage, Published.stale, correlationId);
        }

        if (last.isPresent() && last.get().verdict() == Verdict.stale) {
            // the recovery carries the stale alert's correlation id: it closes that alert
            String correlationId = last.get().correlationId();
            RosterRecovered recovered = new RosterRecovered(now, rosters.maxAgeDays(), rosters.teams().size(),
                    coverage.freshCount(), check);
            publisher.publish(Event.of(eventId, publisher.source(), now, recovered, correlationId, Map.of()));
            verdicts.save(new StoredVerdict(check, Verdict.fresh, fingerprint, now, 0, 0, correlationId, eventId));
            LOG.infof("Rosters recovered (%s): all %d teams fresh", check, coverage.freshCount());
            return new CheckResult(check, now, coverage, Published.recovered, correlationId);
        }
        if (last.isEmpty()) {
            verdicts.save(new StoredVerdict(check, Verdict.fresh, fingerprint, now, 0, 0, null, null));
        }
        return new CheckResult(check, now, coverage, Published.nothing, null);
    }
}

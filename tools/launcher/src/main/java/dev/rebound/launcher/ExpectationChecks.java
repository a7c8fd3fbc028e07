package dev.rebound.launcher;

import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.TraceContext;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.scenario.Expectation;
import dev.rebound.scenario.Scenario;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Evaluates a scenario's expectations against what the mesh left behind: the pipeline tables in the shared database
 * and the event archive — nothing here asks a process what it remembers — and, for {@code metric} and
 * {@code log_lines}, what each service exposed when the replay ended: its Prometheus metrics and its log.
 */
public final class ExpectationChecks {

    public record Result(Expectation expectation, boolean held, String detail) {
    }

    private final Scenario scenario;
    private final Topology topology;
    private final List<ArchivedEvent> events;
    private final Connection db;
    private final ServiceReadings readings;

    public ExpectationChecks(Scenario scenario, Topology topology, List<ArchivedEvent> archived, Connection db) {
        this(scenario, topology, archived, db, ServiceReadings.none());
    }

    public ExpectationChecks(Scenario scenario, Topology topology, List<ArchivedEvent> archived, Connection db,
            ServiceReadings readings) {
        this.scenario = scenario;
        this.topology = topology;
        this.db = db;
        this.readings = readings;
        // one event per ce-id: the archive keeps a row per subscription and redelivered duplicates share the ce-id;
        // the poison the launcher injected is not an event of the pipeline (what became of it is the quarantine's)
        Map<String, ArchivedEvent> unique = new LinkedHashMap<>();
        for (ArchivedEvent e : archived) {
            if (!e.attributes().containsKey(PoisonMessages.MARKER)) {
                unique.putIfAbsent(e.ceId(), e);
            }
        }
        this.events = new ArrayList<>(unique.values());
        this.events.sort(Comparator.comparing(ArchivedEvent::time));
    }

    public List<Result> evaluate() {
        List<Result> results = new ArrayList<>();
        for (Expectation e : scenario.expectations()) {
            try {
                results.add(check(e));
            } catch (SQLException | IOException | RuntimeException ex) {
                results.add(new Result(e, false, "could not be evaluated: " + ex.getMessage()));
            }
        }
        return results;
    }

    Result check(Expectation e) throws SQLException, IOException {
        return switch (e.type()) {
            case stuck_detected -> stuckDetected(e);
            case rosters_refreshed_via_bridge -> rostersRefreshed(e);
            case coverage_gap_alerted -> gapsAlerted(e);
            case repair_in_dependency_order -> repairOrder(e);
            case predictions_cover_games -> predictionsCover(e);
            case alert_raised -> alertRaised(e);
            case no_alert -> noAlert(e);
            case event_count -> eventCount(e);
            case metric -> metric(e);
            case log_lines -> LogLinesCheck.check(e, readings);
            case same_trace -> sameTrace(e);
            case no_duplicate_runs -> new DuplicateRuns(events).check(e);
            case pages -> PageBudgetCheck.check(e, events);
            case deadline_warnings -> DeadlineWarningsCheck.check(e, events,
                    DeadlineWarningsCheck.tipoffs(db, topology));
        };
    }

    private List<ArchivedEvent> ofType(EventType type) {
        return events.stream().filter(ev -> type.ceType().equals(ev.ceType())).toList();
    }

    private Result stuckDetected(Expectation e) {
        String date = e.dataDate().toString();
        List<ArchivedEvent> stuck = ofType(EventType.PROCESSOR_STUCK).stream()
                .filter(ev -> ev.field("processor").equals(e.processor()) && ev.field("data_date").equals(date)).toList();
        if (stuck.isEmpty()) {
            return new Result(e, false, "no stuck alert for " + e.processor() + "(" + date + ")");
        }
        Duration allowance = e.allowance() == null ? Duration.ofMinutes(2) : e.allowance();
        List<String> misses = new ArrayList<>();
        for (ArchivedEvent alert : stuck) {
            String runId = alert.field("run_id");
            Optional<ArchivedEvent> started = ofType(EventType.PROCESSOR_STARTED).stream()
                    .filter(ev -> ev.field("run_id").equals(runId)).findFirst();
            int interval = started.map(s -> Integer.parseInt(s.field("heartbeat_interval_s"))).orElse(60);
            Instant lastBeat = ofType(EventType.PROCESSOR_HEARTBEAT).stream()
                    .filter(ev -> ev.field("run_id").equals(runId)).map(ev -> ev.instantField("at"))
                    .max(Comparator.naturalOrder())
                    .orElse(started.map(s -> s.instantField("started_at")).orElse(null));
            boolean completedFirst = ofType(EventType.PROCESSOR_COMPLETED).stream()
                    .anyMatch(ev -> ev.field("run_id").equals(runId) && ev.time().isBefore(alert.time()));
            if (lastBeat == null) {
                misses.add(runId + ": the run's own events are not in the archive");
                continue;
            }
            Duration threshold = topology.stuckThreshold(e.processor(), interval);
            Instant detected = Optional.ofNullable(alert.instantField("detected_at")).orElse(alert.time());
            Duration silent = Duration.between(lastBeat, detected);
            if (completedFirst) {
                misses.add(runId + " had completed before the stuck verdict (false alarm)");
            } else if (silent.compareTo(threshold) < 0) {
                misses.add(runId + " flagged after only " + silent.toSeconds() + " s of silence (threshold "
                        + threshold.toSeconds() + " s)");
            } else if (silent.compareTo(threshold.plus(allowance)) > 0) {
                misses.add(runId + " flagged " + silent.toSeconds() + " s after its last heartbeat, later than "
                        + threshold.toSeconds() + " s + " + allowance.toSeconds() + " s");
            } else {
                return new Result(e, true, "stuck alert at " + Timeline.simTime(detected) + ", " + silent.toSeconds()
                        + " s after the last heartbeat (threshold " + threshold.toSeconds() + " s + allowance "
                        + allowance.toSeconds() + " s; 4 h before Rebound)");
            }
        }
        return new Result(e, false, String.join("; ", misses));
    }

    private Result rostersRefreshed(Expectation e) throws SQLException {
        String date = e.dataDate().toString();
        Optional<ArchivedEvent> bridged = ofType(EventType.SCRAPER_COMPLETED).stream()
                .filter(ev -> ev.field("scraper").equals(e.scraper()) && ev.field("data_date").equals(date)
                        && ev.field("source").equals("gcs-notification"))
                .filter(ev -> e.before() == null || ev.time().isBefore(e.before())).findFirst();
        if (bridged.isEmpty()) {
            return new Result(e, false, "no scraper completion for " + e.scraper() + "(" + date
                    + ") with source gcs-notification" + (e.before() == null ? "" : " before " + e.before()));
        }
        PipelineConfig.Rosters r = topology.config().rosters();
        Map<String, LocalDate> latest = new HashMap<>();
        try (PreparedStatement st = db.prepareStatement("SELECT " + r.teamColumn() + ", MAX(" + r.dateColumn()
                + ") FROM " + r.table() + " GROUP BY " + r.teamColumn()); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                latest.put(rs.getString(1), rs.getObject(2, LocalDate.class));
            }
        }
        List<String> stale = new ArrayList<>();
        for (String team : r.teams()) {
            LocalDate d = latest.get(team);
            if (d == null || ChronoUnit.DAYS.between(d, e.dataDate()) > r.maxAgeDays()) {
                stale.add(team + "=" + d);
            }
        }
        Optional<ArchivedEvent> loaded = ofType(EventType.PROCESSOR_COMPLETED).stream()
                .filter(ev -> ev.field("processor").equals(r.processor()) && ev.field("data_date").equals(date))
                .filter(ev -> !ev.time().isBefore(bridged.get().time())).findFirst();
        if (!stale.isEmpty()) {
            return new Result(e, false, "bridged at " + Timeline.simTime(bridged.get().time()) + " but " + stale.size()
                    + " teams still stale: " + stale);
        }
        if (loaded.isEmpty()) {
            return new Result(e, false, "bridged, but no " + r.processor() + "(" + date + ") completion after it");
        }
        return new Result(e, true, "bridge completion (" + bridged.get().data().path("objects").size() + " objects) at "
                + Timeline.simTime(bridged.get().time()) + ", " + r.processor() + " loaded them at "
                + Timeline.simTime(loaded.get().time()) + "; all " + r.teams().size() + " teams within "
                + r.maxAgeDays() + " days");
    }

    private Result gapsAlerted(Expectation e) {
        String date = e.gameDate().toString();
        List<ArchivedEvent> gaps = ofType(EventType.COVERAGE_GAP).stream()
                .filter(ev -> ev.field("game_date").equals(date)).toList();
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String game : e.games()) {
            Optional<ArchivedEvent> alert = gaps.stream().filter(ev -> ev.field("game_id").equals(game))
                    .filter(ev -> e.before() == null || ev.time().isBefore(e.before()))
                    .filter(ev -> !Boolean.TRUE.equals(e.rootCauses())
                            || ev.data().path("suspected_root_causes").size() > 0)
                    .findFirst();
            if (alert.isPresent()) {
                var causes = alert.get().data().path("suspected_root_causes");
                found.add(game + " @" + Timeline.simTime(alert.get().time()) + " (" + alert.get().field("phase") + " "
                        + alert.get().field("players") + " players; causes: " + causeSummary(causes) + ")");
            } else {
                missing.add(game);
            }
        }
        if (!missing.isEmpty()) {
            return new Result(e, false, "no gap alert" + (e.before() == null ? "" : " before " + e.before())
                    + (Boolean.TRUE.equals(e.rootCauses()) ? " with root causes" : "") + " for " + missing
                    + (found.isEmpty() ? "" : "; found " + found));
        }
        return new Result(e, true, String.join("; ", found));
    }

    private static String causeSummary(com.fasterxml.jackson.databind.JsonNode causes) {
        List<String> parts = new ArrayList<>();
        causes.forEach(c -> parts.add(c.path("processor").asText() + " " + c.path("status").asText()));
        return parts.isEmpty() ? "none" : String.join(", ", parts.stream().distinct().limit(3).toList());
    }

    private Result repairOrder(Expectation e) {
        Map<String, List<ArchivedEvent>> byPlan = ofType(EventType.BACKFILL_STEP_TRIGGERED).stream()
                .collect(Collectors.groupingBy(ev -> ev.field("plan_id"), TreeMap::new, Collectors.toList()));
        int minPlans = e.minPlans() == null ? 1 : e.minPlans();
        if (byPlan.size() < minPlans) {
            return new Result(e, false, byPlan.size() + " repair plans triggered steps, expected at least " + minPlans);
        }
        List<String> violations = new ArrayList<>();
        int steps = 0;
        for (Map.Entry<String, List<ArchivedEvent>> plan : byPlan.entrySet()) {
            Map<Topology.RunKey, Instant> firstTrigger = new LinkedHashMap<>();
            for (ArchivedEvent ev : plan.getValue()) {
                Topology.RunKey key = new Topology.RunKey(ev.field("processor"), LocalDate.parse(ev.field("data_date")));
                Instant at = Optional.ofNullable(ev.instantField("triggered_at")).orElse(ev.time());
                firstTrigger.merge(key, at, (a, b) -> a.isBefore(b) ? a : b);
            }
            steps += firstTrigger.size();
            for (Topology.RunKey upstream : firstTrigger.keySet()) {
                for (Topology.RunKey dependent : topology.dependentsOf(upstream)) {
                    if (!dependent.equals(upstream) && firstTrigger.containsKey(dependent)
                            && firstTrigger.get(dependent).isBefore(firstTrigger.get(upstream))) {
                        violations.add("plan " + plan.getKey() + ": " + dependent + " triggered before its upstream "
                                + upstream);
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            return new Result(e, false, String.join("; ", violations));
        }
        long completed = ofType(EventType.BACKFILL_PLAN_COMPLETED).size();
        return new Result(e, true, byPlan.size() + " plans, " + steps + " steps triggered in dependency order; "
                + completed + " plans completed");
    }

    private Result predictionsCover(Expectation e) throws SQLException {
        PipelineConfig.CoverageSource predictions = topology.coverageProcessors().get(
                topology.coverageProcessors().size() - 1).coverage();
        String processor = topology.processorOfPhase(predictions.phase()).orElseThrow().name();
        PipelineConfig.ScheduleTable s = topology.config().schedule();
        Map<String, Integer> perGame = new TreeMap<>();
        try (PreparedStatement st = db.prepareStatement("SELECT " + s.gameColumn() + " FROM " + s.table() + " WHERE "
                + s.dateColumn() + " = ?")) {
            st.setObject(1, e.gameDate());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    perGame.put(rs.getString(1), 0);
                }
            }
        }
        try (PreparedStatement st = db.prepareStatement("SELECT " + predictions.gameColumn() + ", COUNT(DISTINCT "
                + predictions.playerColumn() + ") FROM " + predictions.table() + " WHERE " + predictions.dateColumn()
                + " = ?" + (predictions.filter() == null ? "" : " AND (" + predictions.filter() + ")") + " GROUP BY "
                + predictions.gameColumn())) {
            st.setObject(1, e.gameDate());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    perGame.computeIfPresent(rs.getString(1), (k, v) -> {
                        try {
                            return rs.getInt(2);
                        } catch (SQLException ex) {
                            throw new IllegalStateException(ex);
                        }
                    });
                }
            }
        }
        if (perGame.isEmpty()) {
            return new Result(e, false, "no games scheduled on " + e.gameDate());
        }
        List<String> short_ = perGame.entrySet().stream().filter(g -> g.getValue() < e.minPlayers())
                .map(g -> g.getKey() + "=" + g.getValue()).toList();
        String counts = perGame.entrySet().stream().map(g -> g.getKey().replaceFirst("^\\d{8}_", "") + " "
                + g.getValue()).collect(Collectors.joining(", "));
        if (!short_.isEmpty()) {
            return new Result(e, false, short_.size() + " of " + perGame.size() + " games below " + e.minPlayers()
                    + " predicted players: " + short_ + " [" + counts + "]");
        }
        Optional<Instant> lastWrite = ofType(EventType.PROCESSOR_COMPLETED).stream()
                .filter(ev -> ev.field("processor").equals(processor) && ev.field("data_date").equals(e.gameDate().toString()))
                .map(ArchivedEvent::time).max(Comparator.naturalOrder());
        if (lastWrite.isEmpty()) {
            return new Result(e, false, "predictions present but no " + processor + " completion in the archive");
        }
        if (e.before() != null && !lastWrite.get().isBefore(e.before())) {
            return new Result(e, false, "the last " + processor + " run completed at " + lastWrite.get()
                    + ", not before " + e.before());
        }
        return new Result(e, true, "all " + perGame.size() + " games ≥ " + e.minPlayers() + " players [" + counts
                + "], last written " + Timeline.simTime(lastWrite.get()));
    }

    private List<ArchivedEvent> matching(String ceType, Map<String, String> match, Instant before, String severity) {
        return events.stream().filter(ev -> ceType.equals(ev.ceType()))
                .filter(ev -> match == null || match.entrySet().stream()
                        .allMatch(m -> ev.field(m.getKey()).equals(String.valueOf(m.getValue()))))
                .filter(ev -> before == null || ev.time().isBefore(before))
                .filter(ev -> severity == null || ev.field("severity").equalsIgnoreCase(severity))
                .toList();
    }

    private Result alertRaised(Expectation e) {
        List<ArchivedEvent> found = matching(e.ceType(), e.match(), e.before(), e.severity());
        if (found.isEmpty()) {
            return new Result(e, false, "no " + e.ceType() + (e.match() == null ? "" : " matching " + e.match())
                    + (e.severity() == null ? "" : " with severity " + e.severity())
                    + (e.before() == null ? "" : " before " + e.before()));
        }
        ArchivedEvent first = found.get(0);
        return new Result(e, true, found.size() + "× " + e.ceType() + ", first at " + Timeline.simTime(first.time())
                + " from " + first.source() + " " + Timeline.details(first, e.ceType()));
    }

    private Result noAlert(Expectation e) {
        Set<String> types = e.ceTypes() != null && !e.ceTypes().isEmpty() ? Set.copyOf(e.ceTypes())
                : java.util.Arrays.stream(EventType.values()).filter(t -> t.topic().equals(Topics.PIPELINE_ALERTS))
                        .map(EventType::ceType).collect(Collectors.toSet());
        List<ArchivedEvent> found = events.stream().filter(ev -> ev.ceType() != null && types.contains(ev.ceType()))
                .toList();
        if (found.isEmpty()) {
            return new Result(e, true, "none of " + types.size() + " alert types appeared");
        }
        return new Result(e, false, found.size() + " unexpected: " + found.stream().limit(3)
                .map(ev -> Timeline.shortType(ev.ceType()) + " " + Timeline.details(ev, ev.ceType()))
                .collect(Collectors.joining("; ")));
    }

    private Result eventCount(Expectation e) {
        int n = matching(e.ceType(), e.match(), e.before(), e.severity()).size();
        return new Result(e, e.accepts(n), n + " × " + e.ceType() + (e.match() == null ? "" : " matching " + e.match())
                + " (expected " + e.expected() + ")");
    }

    private Result metric(Expectation e) {
        List<String> services = ServiceReadings.servicesOf(e.service());
        List<String> parts = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        double total = 0;
        boolean exposed = false;
        readings.unreadable().forEach((instance, why) -> {
            if (services.stream().anyMatch(s -> instance.equals(s) || instance.startsWith(s + "-"))) {
                unread.add(instance + ": " + why);
            }
        });
        for (String service : services) {
            List<PrometheusText> scraped = readings.metrics().getOrDefault(service, List.of());
            if (scraped.isEmpty()) {
                unread.add(service + ": not scraped (not running)");
                continue;
            }
            double v = 0;
            for (PrometheusText metrics : scraped) {
                v += metrics.sum(e.metric(), e.labels());
                exposed |= metrics.has(e.metric());
            }
            total += v;
            parts.add(service + " " + Expectation.number(v) + (scraped.size() > 1 ? " over " + scraped.size()
                    + " processes" : ""));
        }
        String selector = e.metric() + (e.labels() == null || e.labels().isEmpty() ? "" : e.labels().toString());
        if (!unread.isEmpty()) {
            return new Result(e, false, "could not read the metrics of " + String.join("; ", unread));
        }
        String where = services.size() == 1 ? parts.get(0) : "sum over " + String.join(", ", parts);
        String note = exposed ? "" : " (no series named " + e.metric() + " exposed: never written, counted as 0)";
        return new Result(e, e.accepts(total), selector + " = " + Expectation.number(total) + " (" + where
                + "; expected " + e.expected() + ")" + note);
    }

    private static Optional<String> traceId(ArchivedEvent e) {
        return TraceContext.parse(e.attributes().get(TraceContext.ATTRIBUTE)).map(TraceContext::traceId);
    }

    private Result sameTrace(Expectation e) {
        List<ArchivedEvent> origins = matching(e.ceType(), e.match(), e.before(), e.severity());
        if (origins.isEmpty()) {
            return new Result(e, false, "no " + e.ceType() + (e.match() == null ? "" : " matching " + e.match()));
        }
        ArchivedEvent origin = origins.get(0);
        Optional<String> trace = traceId(origin);
        if (trace.isEmpty()) {
            return new Result(e, false, "the " + Timeline.shortType(e.ceType()) + " at "
                    + Timeline.simTime(origin.time()) + " carries no valid " + TraceContext.ATTRIBUTE);
        }
        // what followed from the origin: its cause may share the trace too, and must not stand in for the effect
        List<ArchivedEvent> inTrace = events.stream().filter(ev -> ev != origin)
                .filter(ev -> !ev.time().isBefore(origin.time())).filter(ev -> trace.equals(traceId(ev))).toList();
        List<String> missing = new ArrayList<>();
        List<ArchivedEvent> found = new ArrayList<>(List.of(origin));
        for (String type : e.ceTypes()) {
            Optional<ArchivedEvent> first = inTrace.stream().filter(ev -> type.equals(ev.ceType())).findFirst();
            first.ifPresentOrElse(found::add, () -> missing.add(type));
        }
        found.sort(Comparator.comparing(ArchivedEvent::time));
        String chain = found.stream().map(ev -> Timeline.shortType(ev.ceType()) + " (" + ev.source() + " "
                + Timeline.simTime(ev.time()) + ")").collect(Collectors.joining(" → "));
        if (!missing.isEmpty()) {
            return new Result(e, false, "trace " + trace.get() + " has no " + missing + "; it holds " + chain);
        }
        return new Result(e, true, "trace " + trace.get() + ": " + chain);
    }
}

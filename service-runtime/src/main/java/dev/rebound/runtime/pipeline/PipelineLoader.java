package dev.rebound.runtime.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Loads a pipeline YAML ({@code classpath:...} or a file path) and rejects anything invalid, naming the key. */
public final class PipelineLoader {
    public static final String DEFAULT = "classpath:rebound/pipelines/nba-player-props.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private PipelineLoader() {
    }

    public static Topology load(String location) {
        PipelineConfig config;
        try (InputStream in = open(location)) {
            config = YAML.readValue(in, PipelineConfig.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new PipelineConfigException(location, key.isEmpty() ? "(document)" : key, e.getOriginalMessage());
        } catch (IOException e) {
            throw new PipelineConfigException(location, "(file)", "cannot read: " + e.getMessage());
        }
        validate(location, config);
        return new Topology(config);
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                in = PipelineLoader.class.getClassLoader().getResourceAsStream(resource);
            }
            if (in == null) {
                throw new IOException("no such classpath resource " + resource);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    static void validate(String src, PipelineConfig c) {
        require(src, "name", c.name() != null && !c.name().isBlank(), "is required");
        require(src, "processors", c.processors() != null && !c.processors().isEmpty(), "lists no processor");
        require(src, "edges", c.edges() != null, "is required (may be empty)");
        require(src, "schedule", c.schedule() != null, "is required");
        require(src, "heartbeats", c.heartbeats() != null, "is required");
        require(src, "coverage", c.coverage() != null, "is required");
        require(src, "repair", c.repair() != null, "is required");
        Set<String> names = new HashSet<>();
        Set<String> phases = new HashSet<>();
        List<PipelineConfig.Scraper> scrapers = c.scrapers() == null ? List.of() : c.scrapers();
        Set<String> scraperNames = new HashSet<>();
        for (int i = 0; i < scrapers.size(); i++) {
            PipelineConfig.Scraper s = scrapers.get(i);
            String key = "scrapers[" + i + "]";
            require(src, key + ".name", s.name() != null && scraperNames.add(s.name()), "missing or duplicate");
            require(src, key + ".bucket", s.bucket() != null && !s.bucket().isBlank(), "is required");
            try {
                Pattern p = Pattern.compile(String.valueOf(s.objectPattern()));
                require(src, key + ".object_pattern", p.pattern().contains("(?<date>"),
                        "needs a named group 'date'");
            } catch (PatternSyntaxException e) {
                throw new PipelineConfigException(src, key + ".object_pattern", "is not a regular expression: "
                        + e.getDescription());
            }
            require(src, key + ".expected_objects", s.expectedObjects() >= 1, "must be at least 1");
            require(src, key + ".batch_window", positive(s.batchWindow()), "must be a positive duration");
        }
        for (int i = 0; i < c.processors().size(); i++) {
            PipelineConfig.Processor p = c.processors().get(i);
            String key = "processors[" + i + "]";
            require(src, key + ".name", p.name() != null && !p.name().isBlank(), "is required");
            require(src, key + ".name", names.add(p.name()), "duplicate processor '" + p.name() + "'");
            if (p.triggeredByScraper() != null) {
                require(src, key + ".triggered_by_scraper", scraperNames.contains(p.triggeredByScraper()),
                        "unknown scraper '" + p.triggeredByScraper() + "'");
            }
            if (p.coverage() != null) {
                require(src, key + ".coverage.phase", p.coverage().phase() != null
                        && phases.add(p.coverage().phase()), "missing or duplicate phase");
                require(src, key + ".coverage.table", p.coverage().table() != null, "is required");
            }
        }
        for (int i = 0; i < c.edges().size(); i++) {
            PipelineConfig.Edge e = c.edges().get(i);
            String key = "edges[" + i + "]";
            require(src, key + ".from", names.contains(e.from()), "unknown processor '" + e.from() + "'");
            require(src, key + ".to", names.contains(e.to()), "unknown processor '" + e.to() + "'");
            require(src, key + ".to", !e.from().equals(e.to()), "an edge cannot point at its own processor");
            require(src, key + ".min_coverage", e.minCoverage() >= 0 && e.minCoverage() <= 1,
                    "must be within 0..1, was " + e.minCoverage());
            require(src, key + ".date_offset_days", e.dateOffsetDays() == null || e.dateOffsetDays() <= 0,
                    "must be 0 or negative (an upstream cannot be in the future)");
            require(src, key + ".freshness_days", e.freshnessDays() == null || e.freshnessDays() >= 0,
                    "must not be negative");
            require(src, key, e.dateOffsetDays() == null || e.freshnessDays() == null,
                    "give date_offset_days or freshness_days, not both");
        }
        checkAcyclic(src, c);
        if (c.rosters() != null) {
            PipelineConfig.Rosters r = c.rosters();
            require(src, "rosters.max_age_days", r.maxAgeDays() >= 0, "must not be negative");
            require(src, "rosters.teams", r.teams() != null && !r.teams().isEmpty(), "lists no team");
            require(src, "rosters.processor", r.processor() == null || names.contains(r.processor()),
                    "unknown processor '" + r.processor() + "'");
            require(src, "rosters.check_every", positive(r.checkEvery()), "must be a positive duration");
        }
        PipelineConfig.Heartbeats h = c.heartbeats();
        require(src, "heartbeats.default_interval_s", h.defaultIntervalS() >= 1, "must be at least 1");
        require(src, "heartbeats.stuck_after_intervals", h.stuckAfterIntervals() >= 1, "must be at least 1");
        List<PipelineConfig.HeartbeatOverride> overrides = h.overrides() == null ? List.of() : h.overrides();
        for (int i = 0; i < overrides.size(); i++) {
            PipelineConfig.HeartbeatOverride o = overrides.get(i);
            require(src, "heartbeats.overrides[" + i + "].processor", names.contains(o.processor()),
                    "unknown processor '" + o.processor() + "'");
            require(src, "heartbeats.overrides[" + i + "]", (o.stuckAfterS() == null || o.stuckAfterS() >= 1)
                    && (o.stuckAfterIntervals() == null || o.stuckAfterIntervals() >= 1), "must be at least 1");
        }
        require(src, "coverage.min_players", c.coverage().minPlayers() >= 1, "must be at least 1");
        require(src, "coverage.alert_before_first_tipoff", c.coverage().alertBeforeFirstTipoff() != null
                && !c.coverage().alertBeforeFirstTipoff().isNegative(), "must be a duration of zero or more");
        require(src, "coverage.evaluate_every", positive(c.coverage().evaluateEvery()), "must be a positive duration");
        PipelineConfig.Repair r = c.repair();
        require(src, "repair.max_attempts", r.maxAttempts() >= 1, "must be at least 1");
        require(src, "repair.backoff_initial", positive(r.backoffInitial()), "must be a positive duration");
        require(src, "repair.backoff_multiplier", r.backoffMultiplier() >= 1, "must be at least 1");
        require(src, "repair.backoff_max", positive(r.backoffMax()), "must be a positive duration");
        require(src, "repair.max_concurrent_triggers", r.maxConcurrentTriggers() >= 1, "must be at least 1");
        require(src, "repair.sweep_every", positive(r.sweepEvery()), "must be a positive duration");
        validateForecast(src, c.forecast(), names);
    }

    private static void validateForecast(String src, PipelineConfig.Forecast f, Set<String> processors) {
        require(src, "forecast.safety_margin", !f.safetyMargin().isNegative(), "must be a duration of zero or more");
        require(src, "forecast.evaluate_every", positive(f.evaluateEvery()), "must be a positive duration");
        require(src, "forecast.history_runs", f.historyRuns() >= 1, "must be at least 1");
        require(src, "forecast.min_history_runs", f.minHistoryRuns() >= 1 && f.minHistoryRuns() <= f.historyRuns(),
                "must be within 1..history_runs (" + f.historyRuns() + ")");
        validatePrior(src, "forecast.prior", f.prior().p50(), f.prior().p95());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < f.priors().size(); i++) {
            PipelineConfig.ProcessorPrior p = f.priors().get(i);
            String key = "forecast.priors[" + i + "]";
            require(src, key + ".processor", processors.contains(p.processor()),
                    "unknown processor '" + p.processor() + "'");
            require(src, key + ".processor", seen.add(p.processor()), "duplicate processor '" + p.processor() + "'");
            validatePrior(src, key, p.p50(), p.p95());
        }
        require(src, "forecast.at_risk_landing", f.atRiskLanding() >= 0 && f.atRiskLanding() <= 1,
                "must be within 0..1 (0: the expected landing, 1: the p95 landing), was " + f.atRiskLanding());
        require(src, "forecast.critical_below", f.criticalBelow().compareTo(f.atRiskBelow()) <= 0,
                "must not be above at_risk_below (" + f.atRiskBelow() + "): a critical game is always at risk");
        require(src, "forecast.recover_above", f.recoverAbove().compareTo(f.atRiskBelow()) >= 0,
                "must not be below at_risk_below (" + f.atRiskBelow() + "), or a date would recover while at risk");
        require(src, "forecast.confirm_for", !f.confirmFor().isNegative(), "must be a duration of zero or more");
    }

    private static void validatePrior(String src, String key, java.time.Duration p50, java.time.Duration p95) {
        require(src, key + ".p50", positive(p50), "must be a positive duration");
        require(src, key + ".p95", p95 != null && p95.compareTo(p50) >= 0, "must be a duration of at least p50");
    }

    private static void checkAcyclic(String src, PipelineConfig c) {
        Map<String, List<String>> down = new HashMap<>();
        c.edges().forEach(e -> down.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to()));
        Map<String, Integer> state = new HashMap<>();
        for (PipelineConfig.Processor p : c.processors()) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(p.name(), down, state, path)) {
                throw new PipelineConfigException(src, "edges", "dependency cycle " + String.join(" -> ", path));
            }
        }
    }

    private static boolean cycleFrom(String node, Map<String, List<String>> down, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return false;
        }
        path.add(node);
        if (s != null && s == 1) {
            path.subList(0, path.indexOf(node)).clear();
            return true;
        }
        state.put(node, 1);
        for (String next : down.getOrDefault(node, List.of())) {
            if (cycleFrom(next, down, state, path)) {
                return true;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private static boolean positive(java.time.Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(String src, String key, boolean ok, String reason) {
        if (!ok) {
            throw new PipelineConfigException(src, key, reason);
        }
    }
}

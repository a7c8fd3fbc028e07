package dev.rebound.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.scenario.Expectation.Type;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads a scenario YAML file and validates it against itself and its pipeline: every problem names the field.
 * Unknown fields are errors, so a typo cannot silently disable part of a scenario.
 */
public final class ScenarioLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    private static final Set<String> FAILURE_REASONS = Set.of("error", "stuck", "upstream_missing", "timeout");
    private static final Set<String> ROW_KINDS = Set.of("roster_players", "table");
    private static final Set<String> REQUIRED_ATTRIBUTES = new java.util.TreeSet<>(Set.of(
            EventAttributes.SPEC_VERSION, EventAttributes.ID, EventAttributes.SOURCE, EventAttributes.TYPE,
            EventAttributes.TIME, EventAttributes.CONTENT_TYPE));
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private ScenarioLoader() {
    }

    public static Scenario load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), "(file)", "cannot be read: " + e.getMessage());
        }
    }

    public static Scenario load(String source, InputStream in) {
        Scenario s;
        try {
            s = YAML.readValue(in, Scenario.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new ScenarioException(source, key.isEmpty() ? "(document)" : key, e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScenarioException(source, "(document)", "is not YAML: " + e.getMessage());
        }
        if (s == null) {
            throw new ScenarioException(source, "(document)", "is empty");
        }
        s = withDefaults(s);
        validate(source, s, topologyOf(source, s));
        return s;
    }

    /** The pipeline a scenario plays (the shipped default unless it names another). */
    public static Topology topologyOf(String source, Scenario s) {
        try {
            return PipelineLoader.load(s.pipeline() == null ? PipelineLoader.DEFAULT : s.pipeline());
        } catch (RuntimeException e) {
            throw new ScenarioException(source, "pipeline", "cannot be loaded: " + e.getMessage());
        }
    }

    private static Scenario withDefaults(Scenario s) {
        return new Scenario(s.name(), s.description(), s.start(), s.end(), s.speed(), s.pipeline(),
                s.heartbeatIntervalS(), s.cloudScheduler(), orEmpty(s.teams()), orEmpty(s.schedule()),
                orEmpty(s.files()), orEmpty(s.processors()), orEmpty(s.behaviours()), orEmpty(s.runs()),
                orEmpty(s.storms()), orEmpty(s.history()), orEmpty(s.poison()), orEmpty(s.restarts()),
                orEmpty(s.faults()), orEmpty(s.expectations()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    static void validate(String src, Scenario s, Topology topology) {
        require(src, "name", s.name() != null && !s.name().isBlank(), "is required");
        require(src, "start", s.start() != null, "is required (RFC 3339 sim time)");
        require(src, "end", s.end() != null && s.end().isAfter(s.start()), "is required and must be after start");
        require(src, "speed", s.speed() == null || s.speed() > 0, "must be positive");
        require(src, "heartbeat_interval_s", s.heartbeatIntervalS() == null || s.heartbeatIntervalS() > 0,
                "must be positive");
        require(src, "teams", !s.teams().isEmpty(), "lists no team");
        s.teams().forEach((team, t) -> {
            require(src, "teams." + team, t != null, "is empty");
            require(src, "teams." + team + ".players", t.players() >= 0, "must not be negative");
            require(src, "teams." + team + ".roster_date", t.rosterDate() != null, "is required");
        });
        Set<String> gameIds = new HashSet<>();
        for (int i = 0; i < s.schedule().size(); i++) {
            Scenario.Game g = s.schedule().get(i);
            String key = "schedule[" + i + "]";
            require(src, key + ".game_id", g.gameId() != null && gameIds.add(g.gameId()), "missing or duplicate");
            require(src, key + ".game_date", g.gameDate() != null, "is required");
            require(src, key + ".tipoff", g.tipoff() != null, "is required");
            require(src, key + ".home", s.teams().containsKey(g.home()), "is not a team of the scenario: " + g.home());
            require(src, key + ".away", s.teams().containsKey(g.away()), "is not a team of the scenario: " + g.away());
        }
        Set<String> scrapers = topology.config().scrapers() == null ? Set.of()
                : topology.config().scrapers().stream().map(PipelineConfig.Scraper::name).collect(Collectors.toSet());
        for (int i = 0; i < s.files().size(); i++) {
            Scenario.FileLanding f = s.files().get(i);
            String key = "files[" + i + "]";
            require(src, key + ".at", f.at() != null && !f.at().isAfter(s.end()),
                    "must be a sim time before end " + s.end() + " (before start: landed earlier, notified at start-up)");
            require(src, key + ".scraper", scrapers.contains(f.scraper()),
                    "is not a scraper of pipeline " + topology.name() + ": " + f.scraper());
            require(src, key + ".data_date", f.dataDate() != null, "is required");
            require(src, key + ".object", f.object() != null && f.object().contains("{key}"),
                    "is required and needs {key}");
            if (f.keys() != null) {
                f.keys().forEach(k -> require(src, key + ".keys", s.teams().containsKey(k), "unknown team " + k));
            }
        }
        s.processors().forEach((name, p) -> {
            String key = "processors." + name;
            require(src, key, topology.knows(name), "is not a processor of pipeline " + topology.name());
            require(src, key + ".duration", p.duration() != null && !p.duration().isNegative() && !p.duration().isZero(),
                    "is required (e.g. PT10M)");
            if (p.rosterLoader()) {
                return;
            }
            Scenario.Output o = p.writes();
            require(src, key + ".writes", o != null, "is required (or loads_rosters: true)");
            require(src, key + ".writes.table", o.table() != null, "is required");
            require(src, key + ".writes.date_column", o.dateColumn() != null, "is required");
            require(src, key + ".writes.rows", ROW_KINDS.contains(o.rows()), "must be one of " + ROW_KINDS);
            require(src, key + ".writes.columns", o.columns() != null && !o.columns().isEmpty(), "is required");
            if ("table".equals(o.rows())) {
                require(src, key + ".writes.from", o.from() != null && o.from().table() != null
                        && o.from().dateColumn() != null && o.from().gameColumn() != null
                        && o.from().playerColumn() != null, "needs table, date_column, game_column, player_column");
            }
            if (p.requires() != null) {
                for (int i = 0; i < p.requires().size(); i++) {
                    Scenario.Requirement r = p.requires().get(i);
                    require(src, key + ".requires[" + i + "]", r.table() != null && r.dateColumn() != null,
                            "needs table and date_column");
                }
            }
        });
        for (int i = 0; i < s.behaviours().size(); i++) {
            Scenario.Behaviour b = s.behaviours().get(i);
            String key = "behaviours[" + i + "]";
            require(src, key + ".processor", s.processors().containsKey(b.processor()),
                    "is not described under processors: " + b.processor());
            require(src, key + ".data_date", b.dataDate() != null, "is required");
            require(src, key + ".attempts", b.attempts() != null && !b.attempts().isEmpty(), "lists no attempt");
            for (int j = 0; j < b.attempts().size(); j++) {
                Scenario.Attempt a = b.attempts().get(j);
                String ak = key + ".attempts[" + j + "]";
                require(src, ak + ".outcome", a.outcome() != null, "is required, one of "
                        + List.of(Scenario.Outcome.values()));
                require(src, ak + ".after", a.outcome() != Scenario.Outcome.slow
                        || a.after() != null && a.after().compareTo(Duration.ofMinutes(1)) >= 0,
                        "is required for a slow run: how long it takes in all (at least PT1M)");
                if (a.outcome() == Scenario.Outcome.fail) {
                    require(src, ak + ".reason", FAILURE_REASONS.contains(a.reason()),
                            "must be one of " + FAILURE_REASONS);
                }
            }
        }
        for (int i = 0; i < s.runs().size(); i++) {
            Scenario.ScheduledRun r = s.runs().get(i);
            String key = "runs[" + i + "]";
            within(src, key + ".at", r.at(), s);
            require(src, key + ".processor", s.processors().containsKey(r.processor()),
                    "is not described under processors: " + r.processor());
            require(src, key + ".data_date", r.dataDate() != null, "is required");
        }
        for (int i = 0; i < s.storms().size(); i++) {
            Scenario.Storm st = s.storms().get(i);
            String key = "storms[" + i + "]";
            within(src, key + ".at", st.at(), s);
            require(src, key + ".processor", s.processors().containsKey(st.processor()), "is not described");
            require(src, key + ".data_date", st.dataDate() != null, "is required");
        }
        for (int i = 0; i < s.history().size(); i++) {
            Scenario.HistoryRun h = s.history().get(i);
            String key = "history[" + i + "]";
            require(src, key + ".processor", h.processor() != null && topology.knows(h.processor()),
                    "is not a processor of pipeline " + topology.name() + ": " + h.processor());
            require(src, key + ".data_date", h.dataDate() != null, "is required");
            require(src, key + ".completed_at", h.completedAt() != null && !h.completedAt().isAfter(s.start()),
                    "is required and must not be after start");
        }
        TopicCatalog catalog = TopicCatalog.load();
        for (int i = 0; i < s.poison().size(); i++) {
            Scenario.Poison p = s.poison().get(i);
            String key = "poison[" + i + "]";
            within(src, key + ".at", p.at(), s);
            Optional<TopicCatalog.Topic> topic = catalog.topics().stream().filter(t -> t.name().equals(p.topic()))
                    .findFirst();
            require(src, key + ".topic", topic.isPresent(), "is not a topic of the catalog: " + p.topic());
            require(src, key + ".topic", topic.get().subscriptions().stream()
                    .anyMatch(sub -> sub.delivery() == TopicCatalog.Delivery.push),
                    "has no service pushing from it: nothing would quarantine the message");
            require(src, key + ".kind", p.kind() != null, "is required, one of "
                    + List.of(Scenario.PoisonKind.values()));
            require(src, key + ".ce_type", p.ceType() == null || topic.get().eventTypes().contains(p.ceType()),
                    "is not an event type of " + p.topic() + ": " + p.ceType());
            if (p.kind() == Scenario.PoisonKind.missing_attribute) {
                require(src, key + ".attribute", REQUIRED_ATTRIBUTES.contains(p.attribute()),
                        "must name the required attribute the message lacks, one of " + REQUIRED_ATTRIBUTES);
            } else {
                require(src, key + ".attribute", p.attribute() == null, "applies to kind missing_attribute only");
            }
        }
        for (int i = 0; i < s.restarts().size(); i++) {
            Scenario.Restart r = s.restarts().get(i);
            String key = "restarts[" + i + "]";
            within(src, key + ".at", r.at(), s);
            require(src, key + ".service", r.service() != null && !r.service().isBlank(), "is required");
            require(src, key + ".instance", r.instance() != null && r.instance() >= 0,
                    "is required: the instance to restart, numbered from 0");
        }
        for (int i = 0; i < s.faults().size(); i++) {
            Scenario.Fault f = s.faults().get(i);
            String key = "faults[" + i + "]";
            within(src, key + ".at", f.at(), s);
            require(src, key + ".kind", f.kind() != null,
                    "is required, one of " + List.of(Scenario.FaultKind.values()));
        }
        require(src, "expectations", !s.expectations().isEmpty(), "lists no expectation: a scenario must check something");
        for (int i = 0; i < s.expectations().size(); i++) {
            validateExpectation(src, "expectations[" + i + "]", s.expectations().get(i), topology);
        }
    }

    /** The severities an incident pages at, lowest first. */
    public static final List<String> PAGE_SEVERITIES = List.of("info", "warning", "critical");

    private static void validateExpectation(String src, String key, Expectation e, Topology topology) {
        require(src, key + ".type", e.type() != null, "is required, one of " + List.of(Type.values()));
        switch (e.type()) {
            case stuck_detected -> {
                require(src, key + ".processor", e.processor() != null && topology.knows(e.processor()),
                        "is required and must be a pipeline processor");
                require(src, key + ".data_date", e.dataDate() != null, "is required");
            }
            case rosters_refreshed_via_bridge -> {
                require(src, key + ".scraper", e.scraper() != null, "is required");
                require(src, key + ".data_date", e.dataDate() != null, "is required");
            }
            case coverage_gap_alerted -> {
                require(src, key + ".game_date", e.gameDate() != null, "is required");
                require(src, key + ".games", e.games() != null && !e.games().isEmpty(), "lists no game");
            }
            case repair_in_dependency_order -> {
                // min_plans defaults to 1
            }
            case predictions_cover_games -> {
                require(src, key + ".game_date", e.gameDate() != null, "is required");
                require(src, key + ".min_players", e.minPlayers() != null && e.minPlayers() > 0, "must be positive");
            }
            case alert_raised, event_count -> require(src, key + ".ce_type", e.ceType() != null, "is required");
            case no_alert -> {
                // ce_types defaults to every alert type
            }
            case no_duplicate_runs -> {
                // every processor unless processor narrows it
            }
            case metric -> {
                require(src, key + ".metric", e.metric() != null && PROMETHEUS_NAME.matcher(e.metric()).matches(),
                        "is required: a Prometheus metric name as /q/metrics shows it (e.g. rebound_events_quarantined_total)");
                require(src, key, e.value() != null || e.min() != null || e.max() != null, "needs value, min or max");
            }
            case same_trace -> {
                require(src, key + ".ce_type", e.ceType() != null, "is required: the event the chain starts from");
                require(src, key + ".ce_types", e.ceTypes() != null && !e.ceTypes().isEmpty(),
                        "lists no event type that must share its trace");
            }
            case log_lines -> {
                require(src, key + ".service", e.service() != null, "is required: the service whose log is read");
                require(src, key + ".pattern", e.pattern() != null && compiles(e.pattern()),
                        "is required: a regular expression matched against each log line");
                require(src, key, e.value() != null || e.min() != null || e.max() != null, "needs value, min or max");
            }
            case pages -> {
                require(src, key + ".severity", e.severity() == null || PAGE_SEVERITIES.contains(e.severity()),
                        "must be one of " + PAGE_SEVERITIES + " (default critical)");
                require(src, key, e.value() != null || e.min() != null || e.max() != null, "needs value, min or max");
            }
            case deadline_warnings -> {
                require(src, key, e.value() != null || e.min() != null || e.max() != null, "needs value, min or max");
                require(src, key + ".lead_before_tipoff", e.leadBeforeTipoff() == null
                        || !e.leadBeforeTipoff().isNegative(), "must not be negative");
            }
            default -> throw new ScenarioException(src, key + ".type", "is not supported: " + e.type());
        }
        if (e.type() == Type.event_count) {
            require(src, key, e.value() != null || e.min() != null || e.max() != null, "needs value, min or max");
        }
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static void within(String src, String key, Instant at, Scenario s) {
        require(src, key, at != null && !at.isBefore(s.start()) && !at.isAfter(s.end()),
                "must be a sim time between start " + s.start() + " and end " + s.end());
    }

    private static void require(String src, String key, boolean ok, String problem) {
        if (!ok) {
            throw new ScenarioException(src, key, problem);
        }
    }
}

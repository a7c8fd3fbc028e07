package dev.rebound.backfillorchestrator;

import dev.rebound.backfillorchestrator.store.WarehouseRepairStateStore;
import dev.rebound.events.EventPayload;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.warehouse.JdbcWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The engine over its real warehouse store (a private in-memory H2 database), a clock the test moves, a schedule
 * it fills, and a recorder in place of Pub/Sub: plain JUnit, no Quarkus, no emulator.
 */
final class EngineHarness {
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final class Recorder implements RepairEvents {
        final List<EventPayload> published = new ArrayList<>();

        @Override
        public void publish(EventPayload payload, String correlationId) {
            published.add(payload);
        }

        List<ProcessorTrigger> triggers() {
            return published.stream().filter(ProcessorTrigger.class::isInstance).map(ProcessorTrigger.class::cast)
                    .toList();
        }

        List<ProcessorTrigger> triggersFor(RunKey run) {
            return triggers().stream().filter(t -> t.processor().equals(run.processor())
                    && t.dataDate().equals(run.dataDate())).toList();
        }

        <T> List<T> ofType(Class<T> type) {
            return published.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static final class FixedSchedule implements TipoffSchedule {
        final Map<LocalDate, Instant> tipoffs = new HashMap<>();

        @Override
        public Optional<Instant> firstTipoff(LocalDate date) {
            return Optional.ofNullable(tipoffs.get(date));
        }

        @Override
        public List<LocalDate> datesWithGames(LocalDate from, LocalDate to) {
            return tipoffs.keySet().stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).sorted().toList();
        }
    }

    final Topology topology;
    final MovableClock clock;
    final JdbcWarehouse warehouse;
    final WarehouseRepairStateStore store;
    final Recorder events = new Recorder();
    final FixedSchedule schedule = new FixedSchedule();
    final EngineSettings settings = EngineSettings.defaults();
    RepairEngine engine;

    EngineHarness(Topology topology, Instant start) {
        this.topology = topology;
        this.clock = new MovableClock(start);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:engine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        this.warehouse = new JdbcWarehouse(ds);
        warehouse.executeScript(schema().replace("${state}", "rebound_state"));
        this.store = new WarehouseRepairStateStore(warehouse, "rebound_state");
        this.engine = newEngine();
    }

    EngineHarness(Instant start) {
        this(PipelineLoader.load(PipelineLoader.DEFAULT), start);
    }

    /** A fresh engine over the same store: what a restart after kill -9 sees. */
    RepairEngine newEngine() {
        RepairEngine e = new RepairEngine(topology, clock, store, events, schedule, settings);
        e.restore();
        return e;
    }

    void complete(RunKey run) {
        engine.completed(run, "run-" + UUID.randomUUID(), clock.instant());
    }

    private static String schema() {
        try {
            for (java.net.URL url : java.util.Collections.list(
                    EngineHarness.class.getClassLoader().getResources("rebound/schema.sql"))) {
                try (InputStream in = url.openStream()) {
                    String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (script.contains("backfill_plans")) {
                        return script;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the orchestrator's rebound/schema.sql is not on the classpath");
    }
}

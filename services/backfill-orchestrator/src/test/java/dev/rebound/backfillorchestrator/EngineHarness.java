package dev.rebound.backfillorchestrator;

import dev.rebound.backfillorchestrator.store.PostgresRepairStateStore;
import dev.rebound.events.EventPayload;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.MovableClock;
import dev.rebound.testing.TestPostgres;
import dev.rebound.testing.TestStores;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * The engine over its real store (a fresh PostgreSQL database, migrated as the service migrates it), a clock the
 * test moves, a schedule it fills, and a recorder of the events the engine's committed decisions queued in place of
 * the outbox: plain JUnit, no Quarkus, no emulator. {@link #newEngine()} is another instance over the same store (a
 * restart, or a second replica). Each harness has its own schema, migrated as the service migrates its own, in one
 * database per test JVM (a schema is much quicker to make than a database).
 */
final class EngineHarness implements AutoCloseable {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String database;

    /** An event a committed decision queued, with the ce-id it was given. */
    record Queued(String eventId, EventPayload payload, String correlationId) {
    }

    /** Records what the engine queues, once the decision that queued it has committed (as the outbox would). */
    static final class Recorder implements RepairEvents {
        private final StateStore store;
        private final List<Queued> queued = new ArrayList<>();

        Recorder(StateStore store) {
            this.store = store;
        }

        @Override
        public void add(String eventId, EventPayload payload, String correlationId, String orderingKey) {
            Queued event = new Queued(eventId, payload, correlationId);
            store.afterCommit(() -> {
                synchronized (queued) {
                    queued.add(event);
                }
            });
        }

        List<Queued> queued() {
            synchronized (queued) {
                return List.copyOf(queued);
            }
        }

        List<EventPayload> published() {
            return queued().stream().map(Queued::payload).toList();
        }

        List<ProcessorTrigger> triggers() {
            return ofType(ProcessorTrigger.class);
        }

        List<ProcessorTrigger> triggersFor(RunKey run) {
            return triggers().stream().filter(t -> t.processor().equals(run.processor())
                    && t.dataDate().equals(run.dataDate())).toList();
        }

        <T> List<T> ofType(Class<T> type) {
            return published().stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static final class FixedSchedule implements TipoffSchedule {
        final Map<LocalDate, Instant> tipoffs = new ConcurrentHashMap<>();

        @Override
        public Optional<Instant> firstTipoff(LocalDate date) {
            return Optional.ofNullable(tipoffs.get(date));
        }

        @Override
        public Optional<Instant> lastTipoff(LocalDate date) {
            return firstTipoff(date);
        }

        @Override
        public List<LocalDate> datesWithGames(LocalDate from, LocalDate to) {
            return tipoffs.keySet().stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).sorted().toList();
        }
    }

    final Topology topology;
    final MovableClock clock;
    private final AgroalDataSource pool;
    final StateStore store;
    final Recorder events;
    final FixedSchedule schedule = new FixedSchedule();
    final EngineSettings settings = EngineSettings.defaults();
    RepairEngine engine;

    EngineHarness(Topology topology, Instant start) {
        this.topology = topology;
        this.clock = new MovableClock(start);
        String schema = "engine_harness_" + SCHEMAS.incrementAndGet();
        String url = database();
        Flyway.configure().dataSource(TestStores.dataSource(url, schema)).schemas(schema)
                .locations("classpath:db/runtime", "classpath:db/backfill-orchestrator").load().migrate();
        this.pool = pool(url, schema);
        this.store = new StateStore(pool, schema);
        this.events = new Recorder(store);
        this.engine = newEngine();
    }

    EngineHarness(Instant start) {
        this(PipelineLoader.load(PipelineLoader.DEFAULT), start);
    }

    private static synchronized String database() {
        if (database == null) {
            database = TestPostgres.freshDatabase("engine_harness");
        }
        return database;
    }

    /**
     * A connection pool, as the service has: the plain data source of {@link TestStores} opens a connection per
     * statement, which would dominate what these tests wait for.
     */
    private static AgroalDataSource pool(String url, String schema) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(cp -> cp.maxSize(12).acquisitionTimeout(Duration.ofSeconds(30))
                            .connectionFactoryConfiguration(cf -> cf.jdbcUrl(url)
                                    .jdbcProperty("currentSchema", schema))));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a pool on " + url, e);
        }
    }

    /** Another engine over the same store: what a restart after kill -9, or a second instance, sees. */
    RepairEngine newEngine() {
        return newEngine(events);
    }

    RepairEngine newEngine(RepairEvents queue) {
        return new RepairEngine(topology, clock, new PostgresRepairStateStore(store), queue, schedule, settings);
    }

    void complete(RunKey run) {
        engine.completed(run, "run-" + UUID.randomUUID(), clock.instant());
    }

    RepairPlan plan(String planId) {
        return engine.plan(planId).orElseThrow();
    }

    @Override
    public void close() {
        pool.close();
    }
}

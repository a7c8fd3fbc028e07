package dev.rebound.coveragemonitor;

import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.deadline.DeadlineWatch;
import dev.rebound.coveragemonitor.incident.AlertSignals;
import dev.rebound.coveragemonitor.incident.IncidentTracker;
import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.messaging.PipelineAlertsHandler;
import dev.rebound.coveragemonitor.store.DeadlineEpisodeStore;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.IncidentStore;
import dev.rebound.coveragemonitor.store.PipelineAlertStore;
import dev.rebound.coveragemonitor.store.RunProgressStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.observability.EventObservability;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.outbox.OutboxRelayWorker;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.OutageLog;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreMigrations;
import dev.rebound.runtime.warehouse.JdbcWarehouse;
import dev.rebound.runtime.warehouse.LocalPipelineTables;
import dev.rebound.testing.TestPostgres;
import dev.rebound.testing.TestStores;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * coverage-monitor's state store on a fresh database of the test JVM's PostgreSQL server (migrated by the service's
 * own migrations), the pipeline's stand-in tables beside it, and the objects one service instance holds over them,
 * built without Quarkus: each {@link #instance} is a separate process as far as the store can tell (a restart, a
 * second replica). Its outbox rows stay in the table (no relay runs), where tests read them.
 */
final class PostgresFixture implements AutoCloseable {
    static final String SCHEMA = "coverage_monitor";

    final StateStore store;
    final AgroalDataSource dataSource;
    final JdbcWarehouse warehouse;
    private final SmallRyeConfig config = new SmallRyeConfigBuilder()
            .withMapping(ReboundConfig.class)
            .withMapping(CoverageSettings.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .withConverter(MemorySize.class, 200, new MemorySizeConverter())
            .withSources(new PropertiesConfigSource(Map.of("rebound.service.name", "coverage-monitor",
                    "rebound.store.schema", SCHEMA, "rebound.outbox.enabled", "false",
                    "rebound.pubsub.project-id", "rebound-local"), "coverage-monitor-tests", 500))
            .build();

    private PostgresFixture(StateStore store, AgroalDataSource dataSource) {
        this.store = store;
        this.dataSource = dataSource;
        this.warehouse = new JdbcWarehouse(dataSource);
    }

    static PostgresFixture create() {
        StateStore migrated = TestStores.migrated(SCHEMA, "coverage-monitor");
        String database = migrated.query(Sql.of("SELECT current_database() AS name")).get(0).getString("name");
        AgroalDataSource pool = pool(TestPostgres.server().jdbcUrl(database));
        StateStore store = new StateStore(pool, SCHEMA);
        LocalPipelineTables.create(store, Slate.TOPOLOGY.config().localTables());
        return new PostgresFixture(store, pool);
    }

    /** A connection pool like the service's (Agroal, the schema as search path), so no statement opens a connection. */
    private static AgroalDataSource pool(String jdbcUrl) {
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(
                    pool -> pool.maxSize(8).connectionFactoryConfiguration(connections -> connections
                            .jdbcUrl(jdbcUrl).connectionProviderClass(org.postgresql.Driver.class)
                            .jdbcProperty("currentSchema", SCHEMA))));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a connection pool on " + jdbcUrl, e);
        }
    }

    /** A clock standing still at {@code now}: an instance started with it decides everything at that instant. */
    static ScenarioClock at(Instant now) {
        return ScenarioClock.scenario(Clock.fixed(now, ZoneOffset.UTC), now, now, 1);
    }

    /** A new instance of the service over this store: its own objects, sharing nothing in memory with others. */
    CoverageEvaluator instance(ScenarioClock clock) {
        OutageLog outageLog = new OutageLog();
        CoverageAnnouncer announcer = announcer(clock, outageLog);
        GapAlertStore alerts = new GapAlertStore(store);
        RunStore runs = new RunStore(store);
        GapAlerter alerter = new GapAlerter(Slate.TOPOLOGY, alerts, announcer, runs, new PipelineAlertStore(store),
                store);
        return new CoverageEvaluator(warehouse, Slate.TOPOLOGY, alerter, alerts, runs, announcer, store, clock,
                config.getConfigMapping(CoverageSettings.class), new SimTimers(clock, outageLog, () -> true));
    }

    /** A new instance's incident tracker over this store. */
    IncidentTracker incidentTracker(ScenarioClock clock) {
        return new IncidentTracker(store, new IncidentStore(store), announcer(clock, new OutageLog()),
                config.getConfigMapping(CoverageSettings.class));
    }

    /** A new instance's deadline forecast loop over this store (its timer not started). */
    DeadlineWatch deadlineWatch(ScenarioClock clock) {
        OutageLog outageLog = new OutageLog();
        CoverageSettings settings = config.getConfigMapping(CoverageSettings.class);
        return new DeadlineWatch(Slate.TOPOLOGY, instance(clock), store, new DeadlineEpisodeStore(store),
                new RunProgressStore(store), announcer(clock, outageLog), incidentTracker(clock),
                new AlertSignals(Slate.TOPOLOGY), clock, settings, new SimTimers(clock, outageLog, () -> true));
    }

    /** A new instance's handler of pipeline alerts (the service's own deadline warnings come back there). */
    PipelineAlertsHandler pipelineAlertsHandler(ScenarioClock clock) {
        return new PipelineAlertsHandler(new RunStore(store), new PipelineAlertStore(store), Slate.TOPOLOGY,
                incidentTracker(clock), new AlertSignals(Slate.TOPOLOGY));
    }

    private CoverageAnnouncer announcer(ScenarioClock clock, OutageLog outageLog) {
        ReboundConfig rebound = config.getConfigMapping(ReboundConfig.class);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventCodec codec = new EventCodec();
        EventObservability observability = new EventObservability(registry, rebound);
        EventPublisher publisher = new EventPublisher(rebound, codec, clock, observability);
        OutboxRelayWorker relay = new OutboxRelayWorker(store, publisher, new StoreMigrations(null, outageLog),
                outageLog, rebound, registry);
        return new CoverageAnnouncer(new Outbox(store, codec, clock, publisher, observability, relay), publisher,
                clock);
    }

    /** Closes the pool's connections (the database stays until the server stops). */
    @Override
    public void close() {
        dataSource.close();
    }

    /** The ce-ids of the outbox's events of one ce-type, in order. */
    List<String> outboxIds(String ceType) {
        return store.query(Sql.of("SELECT event_id FROM outbox WHERE ce_type = @t ORDER BY event_id")
                        .bind("t", ceType))
                .stream().map(r -> r.getString("event_id")).toList();
    }
}

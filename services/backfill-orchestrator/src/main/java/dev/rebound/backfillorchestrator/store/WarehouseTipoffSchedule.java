package dev.rebound.backfillorchestrator.store;

import dev.rebound.backfillorchestrator.TipoffSchedule;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's schedule table (names from the topology), read from the pipeline warehouse: first and last tip-off
 * per date, kept briefly because a decision asks for the same dates many times while it walks a graph (and holds the
 * decision lock). It is the pipeline's data, not the orchestrator's state: a game added to the schedule is seen within
 * {@link #CACHE_FOR}.
 */
public final class WarehouseTipoffSchedule implements TipoffSchedule {
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final PipelineWarehouse warehouse;
    private final PipelineConfig.ScheduleTable table;
    private final Clock realClock;
    private final Map<LocalDate, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Instant> firstTipoff, Optional<Instant> lastTipoff, Instant at) {
    }

    public WarehouseTipoffSchedule(PipelineWarehouse warehouse, PipelineConfig.ScheduleTable table, Clock realClock) {
        this.warehouse = warehouse;
        this.table = table;
        this.realClock = realClock;
    }

    @Override
    public Optional<Instant> firstTipoff(LocalDate date) {
        return tipoffs(date).firstTipoff();
    }

    @Override
    public Optional<Instant> lastTipoff(LocalDate date) {
        return tipoffs(date).lastTipoff();
    }

    private Cached tipoffs(LocalDate date) {
        Instant now = realClock.instant();
        Cached cached = cache.get(date);
        if (cached != null && now.isBefore(cached.at().plus(CACHE_FOR))) {
            return cached;
        }
        List<Row> rows = warehouse.query(Sql.of("SELECT MIN(" + table.tipoffColumn() + ") AS first_tipoff, MAX("
                + table.tipoffColumn() + ") AS last_tipoff FROM " + table.table() + " WHERE " + table.dateColumn()
                + " = @date").bind("date", date));
        Cached fresh = rows.isEmpty() ? new Cached(Optional.empty(), Optional.empty(), now)
                : new Cached(Optional.ofNullable(rows.get(0).getInstant("first_tipoff")),
                        Optional.ofNullable(rows.get(0).getInstant("last_tipoff")), now);
        cache.put(date, fresh);
        return fresh;
    }

    @Override
    public List<LocalDate> datesWithGames(LocalDate from, LocalDate to) {
        List<LocalDate> dates = new ArrayList<>();
        for (Row row : warehouse.query(Sql.of("SELECT DISTINCT " + table.dateColumn() + " AS game_date FROM "
                + table.table() + " WHERE " + table.dateColumn() + " >= @from AND " + table.dateColumn()
                + " <= @to").bind("from", from).bind("to", to))) {
            dates.add(row.getLocalDate("game_date"));
        }
        return dates;
    }
}

package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The bridge table {@code roster_bridge_objects}: every object generation that matched a scraper, pending until it
 * is claimed into a batch. Everything the flush needs after a restart is here. Writes to one (scraper, data date)
 * group are made under {@link #lockGroup}, so every instance sees a group's rows as the previous writer committed
 * them: a count is exact and a row is claimed once.
 */
@ApplicationScoped
public class BridgeObjectStore {
    private static final String TABLE = "roster_bridge_objects";
    /** The first key of the bridge's advisory locks, so they never meet another component's (ASCII "RBGR"). */
    private static final int GROUP_LOCK_CLASS = 0x52424752;

    /** One recorded object version. */
    public record BridgeObject(String bucket, String objectName, long generation, String scraper, LocalDate dataDate,
            String key, Instant eventTime, Instant receivedAt) {

        public String gsPath() {
            return "gs://" + bucket + "/" + objectName;
        }
    }

    /** Unclaimed objects of one scraper and data date. */
    public record PendingGroup(String scraper, LocalDate dataDate, Instant oldestReceivedAt, int distinctKeys) {
    }

    /** How much of a scraper's data date has arrived. */
    public record Arrivals(int distinctKeys, Instant lastReceivedAt) {
    }

    /** What the table says about one scraper. */
    public record ScraperTotals(String scraper, long objectsSeen, long batches, long pending, Instant lastObjectAt) {
    }

    private final StateStore store;

    public BridgeObjectStore(StateStore store) {
        this.store = store;
    }

    /**
     * Takes the group's lock until the current transaction ends (re-entrant; required before any write to the
     * group). Other instances recording into or flushing the same group wait for this transaction's commit. The lock
     * is keyed by a hash: two groups that hash alike merely wait for each other.
     */
    public void lockGroup(String scraper, LocalDate dataDate) {
        if (!store.inTransaction()) {
            throw new IllegalStateException("The bridge group lock is held until commit: take it in a transaction");
        }
        store.query(Sql.of("SELECT pg_advisory_xact_lock(@lock_class, hashtext(@group_key)) AS locked")
                .bind("lock_class", GROUP_LOCK_CLASS).bind("group_key", scraper + "|" + dataDate));
    }

    /** Generations of this object already recorded. */
    public List<Long> generationsOf(String bucket, String objectName) {
        return store.query(Sql.of("SELECT generation FROM " + TABLE
                        + " WHERE bucket = @bucket AND object_name = @object_name")
                .bind("bucket", bucket).bind("object_name", objectName))
                .stream().map(r -> r.getLong("generation")).toList();
    }

    /** Records an object version; false when it was already recorded. */
    public boolean insert(BridgeObject o) {
        return store.execute(Sql.of("INSERT INTO " + TABLE + " (bucket, object_name, generation, scraper, data_date,"
                        + " object_key, event_time, received_at) VALUES (@bucket, @object_name, @generation,"
                        + " @scraper, @data_date, @object_key, @event_time, @received_at)"
                        + " ON CONFLICT (bucket, object_name, generation) DO NOTHING")
                .bind("bucket", o.bucket()).bind("object_name", o.objectName()).bind("generation", o.generation())
                .bind("scraper", o.scraper()).bind("data_date", o.dataDate()).bind("object_key", o.key())
                .bind("event_time", o.eventTime()).bind("received_at", o.receivedAt())) == 1;
    }

    /** Every group with unclaimed objects, oldest data date first. */
    public List<PendingGroup> pendingGroups() {
        return store.query(Sql.of("SELECT scraper, data_date, MIN(received_at) AS oldest,"
                        + " COUNT(DISTINCT object_key) AS distinct_keys FROM " + TABLE
                        + " WHERE batch_id IS NULL GROUP BY scraper, data_date ORDER BY data_date, scraper"))
                .stream().map(BridgeObjectStore::toPendingGroup).toList();
    }

    /** The group's unclaimed objects in summary, if it has any. */
    public Optional<PendingGroup> pendingGroup(String scraper, LocalDate dataDate) {
        return store.query(Sql.of("SELECT scraper, data_date, MIN(received_at) AS oldest,"
                        + " COUNT(DISTINCT object_key) AS distinct_keys FROM " + TABLE
                        + " WHERE scraper = @scraper AND data_date = @data_date AND batch_id IS NULL"
                        + " GROUP BY scraper, data_date")
                .bind("scraper", scraper).bind("data_date", dataDate))
                .stream().findFirst().map(BridgeObjectStore::toPendingGroup);
    }

    /** The group's unclaimed object versions, by path and generation. */
    public List<BridgeObject> pending(String scraper, LocalDate dataDate) {
        return store.query(Sql.of("SELECT bucket, object_name, generation, scraper, data_date, object_key,"
                        + " event_time, received_at FROM " + TABLE
                        + " WHERE scraper = @scraper AND data_date = @data_date AND batch_id IS NULL"
                        + " ORDER BY bucket, object_name, generation")
                .bind("scraper", scraper).bind("data_date", dataDate))
                .stream().map(r -> new BridgeObject(r.getString("bucket"), r.getString("object_name"),
                        r.getLong("generation"), r.getString("scraper"), r.getLocalDate("data_date"),
                        r.getString("object_key"), r.getInstant("event_time"), r.getInstant("received_at")))
                .toList();
    }

    /**
     * Claims every unclaimed object of the group into a batch; returns how many rows it claimed. Under the group's
     * lock these are exactly the rows {@link #pending} returned in the same transaction.
     */
    public long claim(String scraper, LocalDate dataDate, String batchId, Instant at) {
        return store.execute(Sql.of("UPDATE " + TABLE + " SET batch_id = @batch_id, batched_at = @at"
                        + " WHERE scraper = @scraper AND data_date = @data_date AND batch_id IS NULL")
                .bind("batch_id", batchId).bind("at", at).bind("scraper", scraper).bind("data_date", dataDate));
    }

    public Arrivals arrivals(String scraper, LocalDate dataDate) {
        List<Row> rows = store.query(Sql.of("SELECT COUNT(DISTINCT object_key) AS distinct_keys,"
                        + " MAX(received_at) AS last_received_at FROM " + TABLE
                        + " WHERE scraper = @scraper AND data_date = @data_date")
                .bind("scraper", scraper).bind("data_date", dataDate));
        if (rows.isEmpty()) {
            return new Arrivals(0, null);
        }
        return new Arrivals(rows.get(0).getInt("distinct_keys"), rows.get(0).getInstant("last_received_at"));
    }

    public List<ScraperTotals> totals() {
        return store.query(Sql.of("SELECT scraper, COUNT(*) AS objects_seen, COUNT(DISTINCT batch_id) AS batches,"
                        + " COUNT(*) FILTER (WHERE batch_id IS NULL) AS pending, MAX(received_at) AS last_object_at"
                        + " FROM " + TABLE + " GROUP BY scraper ORDER BY scraper"))
                .stream().map(r -> new ScraperTotals(r.getString("scraper"), r.getLong("objects_seen", 0),
                        r.getLong("batches", 0), r.getLong("pending", 0), r.getInstant("last_object_at")))
                .toList();
    }

    private static PendingGroup toPendingGroup(Row r) {
        return new PendingGroup(r.getString("scraper"), r.getLocalDate("data_date"), r.getInstant("oldest"),
                r.getInt("distinct_keys"));
    }
}

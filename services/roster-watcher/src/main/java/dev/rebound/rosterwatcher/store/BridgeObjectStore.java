package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import dev.rebound.runtime.warehouse.WarehouseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The bridge table {@code ${state}.roster_bridge_objects}: every object generation that matched a scraper, pending
 * until claimed into a batch, then published. Everything the flush needs after a restart is here.
 */
@ApplicationScoped
public class BridgeObjectStore {

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

    /** An object version as claimed into a batch. */
    public record BatchedObject(String scraper, LocalDate dataDate, String gsPath, long generation, Instant batchedAt) {
    }

    /** How much of a scraper's data date has arrived. */
    public record Arrivals(int distinctKeys, Instant lastReceivedAt) {
    }

    /** What the table says about one scraper. */
    public record ScraperTotals(String scraper, long objectsSeen, long batchesPublished, long pending,
            long claimedUnpublished, Instant lastObjectAt) {
    }

    private final Warehouse warehouse;
    private final String table;

    public BridgeObjectStore(Warehouse warehouse, ReboundConfig config) {
        this.warehouse = warehouse;
        this.table = config.warehouse().stateDataset() + ".roster_bridge_objects";
    }

    /** Generations of this object already recorded. */
    public List<Long> generationsOf(String bucket, String objectName) {
        return warehouse.query(Sql.of("SELECT generation FROM " + table
                        + " WHERE bucket = @bucket AND object_name = @object_name")
                .bind("bucket", bucket).bind("object_name", objectName))
                .stream().map(r -> r.getLong("generation")).toList();
    }

    /** Records an object version; false when it was already recorded (a concurrent delivery won). */
    public boolean insert(BridgeObject o) {
        try {
            warehouse.execute(Sql.of("INSERT INTO " + table + " (bucket, object_name, generation, scraper, data_date,"
                            + " object_key, event_time, received_at) VALUES (@bucket, @object_name, @generation,"
                            + " @scraper, @data_date, @object_key, @event_time, @received_at)")
                    .bind("bucket", o.bucket()).bind("object_name", o.objectName()).bind("generation", o.generation())
                    .bind("scraper", o.scraper()).bind("data_date", o.dataDate()).bind("object_key", o.key())
                    .bind("event_time", o.eventTime()).bind("received_at", o.receivedAt()));
            return true;
        } catch (WarehouseException e) {
            if (generationsOf(o.bucket(), o.objectName()).contains(o.generation())) {
                return false;
            }
            throw e;
        }
    }

    public List<PendingGroup> pendingGroups() {
        return warehouse.query(Sql.of("SELECT scraper, data_date, MIN(received_at) AS oldest,"
                        + " COUNT(DISTINCT object_key) AS distinct_keys FROM " + table
                        + " WHERE batch_id IS NULL GROUP BY scraper, data_date ORDER BY data_date, scraper"))
                .stream().map(r -> new PendingGroup(r.getString("scraper"), r.getLocalDate("data_date"),
                        r.getInstant("oldest"), r.getInt("distinct_keys")))
                .toList();
    }

    public int pendingKeys(String scraper, LocalDate dataDate) {
        List<Row> rows = warehouse.query(Sql.of("SELECT COUNT(DISTINCT object_key) AS distinct_keys FROM " + table
                        + " WHERE scraper = @scraper AND data_date = @data_date AND batch_id IS NULL")
                .bind("scraper", scraper).bind("data_date", dataDate));
        return rows.isEmpty() ? 0 : rows.get(0).getInt("distinct_keys");
    }

    /** Claims every unclaimed object of the group into a batch; returns how many rows it claimed. */
    public long claim(String scraper, LocalDate dataDate, String batchId, Instant at) {
        return warehouse.execute(Sql.of("UPDATE " + table + " SET batch_id = @batch_id, batched_at = @at"
                        + " WHERE scraper = @scraper AND data_date = @data_date AND batch_id IS NULL")
                .bind("batch_id", batchId).bind("at", at).bind("scraper", scraper).bind("data_date", dataDate));
    }

    /** Batches claimed but not yet accepted by Pub/Sub (a crash or a failed publish in between), oldest first. */
    public List<String> unpublishedBatches() {
        return warehouse.query(Sql.of("SELECT batch_id, MIN(batched_at) AS batched_at FROM " + table
                        + " WHERE batch_id IS NOT NULL AND published_at IS NULL GROUP BY batch_id ORDER BY batched_at"))
                .stream().map(r -> r.getString("batch_id")).toList();
    }

    public List<BatchedObject> batch(String batchId) {
        return warehouse.query(Sql.of("SELECT scraper, data_date, bucket, object_name, generation, batched_at FROM "
                        + table + " WHERE batch_id = @batch_id ORDER BY object_name, generation")
                .bind("batch_id", batchId))
                .stream().map(r -> new BatchedObject(r.getString("scraper"), r.getLocalDate("data_date"),
                        "gs://" + r.getString("bucket") + "/" + r.getString("object_name"), r.getLong("generation"),
                        r.getInstant("batched_at")))
                .toList();
    }

    public void markPublished(String batchId, Instant at) {
        warehouse.execute(Sql.of("UPDATE " + table + " SET published_at = @at WHERE batch_id = @batch_id")
                .bind("at", at).bind("batch_id", batchId));
    }

    public Arrivals arrivals(String scraper, LocalDate dataDate) {
        List<Row> rows = warehouse.query(Sql.of("SELECT COUNT(DISTINCT object_key) AS distinct_keys,"
                        + " MAX(received_at) AS last_received_at FROM " + table
                        + " WHERE scraper = @scraper AND data_date = @data_date")
                .bind("scraper", scraper).bind("data_date", dataDate));
        if (rows.isEmpty()) {
            return new Arrivals(0, null);
        }
        return new Arrivals(rows.get(0).getInt("distinct_keys"), rows.get(0).getInstant("last_received_at"));
    }

    public List<ScraperTotals> totals() {
        return warehouse.query(Sql.of("SELECT scraper, COUNT(*) AS objects_seen,"
                        + " COUNT(DISTINCT CASE WHEN published_at IS NOT NULL THEN batch_id END) AS batches_published,"
                        + " SUM(CASE WHEN batch_id IS NULL THEN 1 ELSE 0 END) AS pending,"
                        + " SUM(CASE WHEN batch_id IS NOT NULL AND published_at IS NULL THEN 1 ELSE 0 END)"
                        + " AS claimed_unpublished, MAX(received_at) AS last_object_at FROM " + table
                        + " GROUP BY scraper ORDER BY scraper"))
                .stream().map(r -> new ScraperTotals(r.getString("scraper"), r.getLong("objects_seen", 0),
                        r.getLong("batches_published", 0), r.getLong("pending", 0),
                        r.getLong("claimed_unpublished", 0), r.getInstant("last_object_at")))
                .toList();
    }
}

package dev.rebound.runtime.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.warehouse.JdbcWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessedEventLedgerTest {
    @TempDir
    Path dir;

    private JdbcWarehouse warehouse() throws IOException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("ledger") + ";AUTO_SERVER=TRUE");
        JdbcWarehouse w = new JdbcWarehouse(ds);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("rebound/schema.sql")) {
            w.executeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${state}", "rebound_state"));
        }
        return w;
    }

    @Test
    void aProcessedIdIsRememberedAcrossARestart() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-23T15:00:00Z"), ZoneOffset.UTC);
        ProcessedEventLedger first = new ProcessedEventLedger(warehouse(), clock, "rebound_state", Duration.ofDays(14), 10);
        first.markProcessed("heartbeat-tracker", "ce-1");

        ProcessedEventLedger afterRestart = new ProcessedEventLedger(warehouse(), clock, "rebound_state",
                Duration.ofDays(14), 10);

        assertThat(afterRestart.alreadyProcessed("heartbeat-tracker", "ce-1")).isTrue();
        assertThat(afterRestart.alreadyProcessed("heartbeat-tracker", "ce-2")).isFalse();
        assertThat(afterRestart.alreadyProcessed("coverage-monitor", "ce-1")).as("per consumer").isFalse();
    }

    @Test
    void recordingTheSameIdTwiceIsHarmless() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-23T15:00:00Z"), ZoneOffset.UTC);
        ProcessedEventLedger ledger = new ProcessedEventLedger(warehouse(), clock, "rebound_state", Duration.ofDays(14), 10);
        ledger.markProcessed("c", "same");
        ProcessedEventLedger other = new ProcessedEventLedger(warehouse(), clock, "rebound_state", Duration.ofDays(14), 10);
        other.markProcessed("c", "same");
        assertThat(other.alreadyProcessed("c", "same")).isTrue();
    }

    @Test
    void entriesPastTheRetentionArePruned() throws IOException {
        JdbcWarehouse w = warehouse();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        new ProcessedEventLedger(w, Clock.fixed(t0, ZoneOffset.UTC), "rebound_state", Duration.ofDays(14), 10)
                .markProcessed("c", "old");
        ProcessedEventLedger later = new ProcessedEventLedger(w,
                Clock.fixed(t0.plus(Duration.ofDays(15)), ZoneOffset.UTC), "rebound_state", Duration.ofDays(14), 10);
        later.markProcessed("c", "new");

        assertThat(later.prune()).isEqualTo(1);
        ProcessedEventLedger fresh = new ProcessedEventLedger(w,
                Clock.fixed(t0.plus(Duration.ofDays(15)), ZoneOffset.UTC), "rebound_state", Duration.ofDays(14), 10);
        assertThat(fresh.alreadyProcessed("c", "old")).isFalse();
        assertThat(fresh.alreadyProcessed("c", "new")).isTrue();
    }
}

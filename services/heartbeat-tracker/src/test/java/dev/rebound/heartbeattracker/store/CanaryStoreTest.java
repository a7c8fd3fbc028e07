package dev.rebound.heartbeattracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The canary row on a real PostgreSQL server, with the tracker's migrations. */
class CanaryStoreTest {
    private final Instant now = Instant.parse("2026-01-23T18:00:00Z");
    private CanaryStore canaries;

    @BeforeEach
    void freshStore() {
        StateStore store = TestStores.migrated("heartbeat_tracker", "heartbeat-tracker");
        canaries = new CanaryStore(store);
    }

    @Test
    void nothingBackYet() {
        assertThat(canaries.delivered()).isEmpty();
    }

    @Test
    void theNewestSendTimeAndTheLatestHoldWinWhateverTheOrderOfArrival() {
        canaries.delivered(now.minusSeconds(100), now, now.plusSeconds(20));
        canaries.delivered(now.minusSeconds(200), now.minusSeconds(1), now.plusSeconds(10));
        canaries.delivered(now.minusSeconds(150), now.minusSeconds(2), null);
        canaries.delivered(now.minusSeconds(100), now, now.plusSeconds(20)); // redelivered

        assertThat(canaries.delivered()).contains(new CanaryStore.Delivered(now.minusSeconds(100),
                now.plusSeconds(20)));
    }

    @Test
    void aSendTimeAheadOfTheReceiversClockIsReplacedByTheNextCanaryBack() {
        Instant tomorrow = now.plus(Duration.ofDays(1));
        canaries.delivered(tomorrow, tomorrow, null);
        assertThat(canaries.delivered().orElseThrow().through()).isEqualTo(tomorrow);

        // a store left ahead by an earlier scenario clock
        canaries.delivered(now.minusSeconds(50), now, null);
        assertThat(canaries.delivered()).contains(new CanaryStore.Delivered(now.minusSeconds(50), null));
    }

    @Test
    void aHoldOnlyEverMovesLater() {
        canaries.holdVerdicts(now.plusSeconds(30)); // nothing back yet: nothing to hold
        assertThat(canaries.delivered()).isEmpty();

        canaries.delivered(now.minusSeconds(5), now, null);
        canaries.holdVerdicts(now.plusSeconds(30));
        canaries.holdVerdicts(now.plusSeconds(10));
        assertThat(canaries.delivered()).contains(new CanaryStore.Delivered(now.minusSeconds(5), now.plusSeconds(30)));
    }
}

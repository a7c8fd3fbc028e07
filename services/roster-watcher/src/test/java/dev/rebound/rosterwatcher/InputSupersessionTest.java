package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A missing input is superseded only by a complete newer one that every consumer's freshness edge accepts. */
class InputSupersessionTest {
    private static final LocalDate JAN_22 = LocalDate.parse("2026-01-22");
    private final Topology topology = PipelineLoader.load(PipelineLoader.DEFAULT);
    private final PipelineConfig.Scraper rosters = topology.config().scrapers().get(0);

    @Test
    void theShippedRosterScraperIsStoodInForWithinItsConsumersFreshnessWindow() {
        // EspnTeamRosterProcessor feeds UpcomingPlayerGameContextProcessor with freshness_days 3
        assertThat(topology.supersedingDays(rosters.name())).isEqualTo(3);
    }

    @Test
    void aCompleteNewerDateWithinTheWindowSupersedesButAPartialOneOrOneBeyondItDoesNot() {
        int window = topology.supersedingDays(rosters.name());
        Map<LocalDate, Integer> complete23 = Map.of(JAN_22.plusDays(1), rosters.expectedObjects());
        assertThat(MissingInputCheck.supersededBy(rosters, JAN_22, window, d -> complete23.getOrDefault(d, 0)))
                .contains(JAN_22.plusDays(1));

        Map<LocalDate, Integer> partial23 = Map.of(JAN_22.plusDays(1), rosters.expectedObjects() - 1);
        assertThat(MissingInputCheck.supersededBy(rosters, JAN_22, window, d -> partial23.getOrDefault(d, 0)))
                .isEmpty();

        Map<LocalDate, Integer> tooLate = Map.of(JAN_22.plusDays(window + 1), rosters.expectedObjects());
        assertThat(MissingInputCheck.supersededBy(rosters, JAN_22, window, d -> tooLate.getOrDefault(d, 0)))
                .isEmpty();
    }
}

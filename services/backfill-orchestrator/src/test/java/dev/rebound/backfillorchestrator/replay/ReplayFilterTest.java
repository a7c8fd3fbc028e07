package dev.rebound.backfillorchestrator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayFilterTest {
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void aProcessorOrDateFilterPassesOverMessagesThatConcernNoProcessorRun() {
        ReplayFilter filter = new ReplayFilter(FROM, TO, null, Set.of("PlayerGameSummaryProcessor"),
                Set.of("2026-01-22"));
        assertThat(filter.accepts(Map.of("ce-type", "rebound.coverage.report.v1"))).isFalse();
        assertThat(filter.accepts(Map.of("ce-type", "pipeline.processor.completed.v1",
                "processor", "PlayerGameSummaryProcessor"))).isFalse();
        assertThat(filter.accepts(Map.of("ce-type", "pipeline.processor.completed.v1",
                "processor", "PlayerGameSummaryProcessor", "data_date", "2026-01-22"))).isTrue();
        assertThat(filter.accepts(Map.of("ce-type", "pipeline.processor.trigger.v1",
                "processor", "PlayerGameSummaryProcessor", "data_date", "2026-01-22"))).isFalse();
    }
}

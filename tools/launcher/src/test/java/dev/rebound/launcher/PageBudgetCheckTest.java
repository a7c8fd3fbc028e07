package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Event;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.v1.IncidentChange;
import dev.rebound.events.v1.IncidentEvent;
import dev.rebound.scenario.Expectation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page budget counts incident openings and escalations at a severity, once per ce-id, and nothing else. */
class PageBudgetCheckTest {
    private static final Instant T0 = Instant.parse("2026-01-23T04:15:00Z");
    private final EventCodec codec = new EventCodec();
    private final List<ArchivedEvent> archive = new ArrayList<>();

    private void incident(String ceId, IncidentChange change, Severity severity, int minute) {
        Instant at = T0.plusSeconds(60L * minute);
        IncidentEvent payload = IncidentEvent.of("inc-" + ceId, "processor:P", "P stuck", severity, null, change, 1,
                T0, at, List.of());
        EncodedMessage m = codec.encode(Event.of(ceId, "//rebound/coverage-monitor", at, payload, null, Map.of()));
        archive.add(new ArchivedEvent("pipeline-alerts--archive", ceId + "-" + archive.size(), at, m.attributes(),
                ArchivedEvent.parse(m.data())));
    }

    private static Expectation budget(String severity, Double max, Instant before) {
        return new Expectation(Expectation.Type.pages, null, null, null, null, null, null, null, before, null, null,
                null, null, null, null, null, max, severity, null, null, null, null, null, null, null);
    }

    @Test
    void opensAndEscalationsAtTheSeverityCountUpdatesAndResolutionsDoNot() {
        incident("a", IncidentChange.OPENED, Severity.CRITICAL, 0);
        incident("a", IncidentChange.OPENED, Severity.CRITICAL, 0); // the same page archived twice
        incident("b", IncidentChange.OPENED, Severity.WARNING, 5);
        incident("c", IncidentChange.ESCALATED, Severity.CRITICAL, 60);
        incident("d", IncidentChange.REOPENED, Severity.CRITICAL, 90);
        incident("e", IncidentChange.RESOLVED, Severity.CRITICAL, 120);
        // a quarantined message in the archive has no ce-type of the pipeline's
        archive.add(new ArchivedEvent("rebound-quarantine--archive", "q1", T0, Map.of("ce-id", "q-1"), null));
        List<ArchivedEvent> unique = archive.stream().collect(java.util.stream.Collectors.toMap(ArchivedEvent::ceId,
                e -> e, (x, y) -> x, java.util.LinkedHashMap::new)).values().stream().toList();

        ExpectationChecks.Result critical = PageBudgetCheck.check(budget(null, 2.0, null), unique);
        assertThat(critical.held()).as(critical.detail()).isTrue();
        assertThat(critical.detail()).startsWith("2 page(s) at critical or above: 01-23 04:15:00Z opened critical processor:P")
                .contains("escalated critical");
        assertThat(PageBudgetCheck.check(budget("warning", 2.0, null), unique).held()).isFalse();
        assertThat(PageBudgetCheck.check(budget(null, 1.0, T0.plusSeconds(3600)), unique).held()).isTrue();
        assertThat(PageBudgetCheck.check(budget(null, 0.0, null), unique).detail()).endsWith("(expected ≤ 0)");
    }
}

package dev.rebound.launcher;

import dev.rebound.events.EventType;
import dev.rebound.launcher.ExpectationChecks.Result;
import dev.rebound.scenario.Expectation;
import dev.rebound.scenario.ScenarioLoader;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code pages}: what the on-call person was paged for — every incident opening and escalation at the expectation's
 * severity (default critical) or above, as the archive holds them (one per ce-id) — counted against the budget.
 * The detail lists each page, so a budget that breaks says which incidents spent it.
 */
final class PageBudgetCheck {
    private static final Set<String> PAGE_TYPES = Set.of(EventType.INCIDENT_OPENED.ceType(),
            EventType.INCIDENT_ESCALATED.ceType());

    private PageBudgetCheck() {
    }

    static Result check(Expectation e, List<ArchivedEvent> events) {
        String severity = e.severity() == null ? "critical" : e.severity().toLowerCase(Locale.ROOT);
        int floor = ScenarioLoader.PAGE_SEVERITIES.indexOf(severity);
        List<ArchivedEvent> pages = events.stream()
                .filter(ev -> ev.ceType() != null && PAGE_TYPES.contains(ev.ceType()))
                .filter(ev -> e.before() == null || ev.time().isBefore(e.before()))
                .filter(ev -> ScenarioLoader.PAGE_SEVERITIES.indexOf(ev.field("severity")) >= floor).toList();
        String listed = pages.stream().map(ev -> Timeline.simTime(ev.time()) + " " + ev.field("change") + " "
                + ev.field("severity") + " " + ev.field("root_cause")).collect(Collectors.joining("; "));
        return new Result(e, e.accepts(pages.size()), pages.size() + " page(s) at " + severity + " or above"
                + (pages.isEmpty() ? "" : ": " + listed) + " (expected " + e.expected() + ")");
    }
}

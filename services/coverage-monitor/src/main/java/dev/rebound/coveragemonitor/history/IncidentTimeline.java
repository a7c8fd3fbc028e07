package dev.rebound.coveragemonitor.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An incident from detection to resolution: every event sharing one correlation id, in the order things happened,
 * and per lane (a game's gap, a repair plan, a processor run) the span from its first event to the one that ended
 * it, open while nothing has. {@code gameId} narrows the gap lanes to one game; plans and runs stay, being shared.
 */
public record IncidentTimeline(String correlationId, String gameId, Instant from, Instant to,
        List<TimelineEntry> entries, List<Span> spans, int unreadable) {

    /** {@code outcome} is the stage that ended the span, null while it is open; {@code seconds} its length so far. */
    public record Span(String lane, Instant from, Instant to, Stage outcome, long seconds) {
    }

    static IncidentTimeline of(String correlationId, String gameId, EventArchive.Found found) {
        List<TimelineEntry> entries = found.events().stream().map(TimelineEntry::of)
                .filter(e -> gameId == null || e.gameId() == null || e.gameId().equals(gameId)).toList();
        Map<String, List<TimelineEntry>> byLane = new LinkedHashMap<>();
        entries.forEach(e -> byLane.computeIfAbsent(e.lane(), l -> new ArrayList<>()).add(e));
        List<Span> spans = new ArrayList<>();
        Instant last = entries.isEmpty() ? null : entries.get(entries.size() - 1).at();
        byLane.forEach((lane, inLane) -> {
            Instant start = inLane.get(0).at();
            TimelineEntry end = inLane.stream().filter(e -> e.stage().ends()).reduce((a, b) -> b).orElse(null);
            Instant until = end != null ? end.at() : last;
            spans.add(new Span(lane, start, end != null ? end.at() : null, end != null ? end.stage() : null,
                    Duration.between(start, until).toSeconds()));
        });
        return new IncidentTimeline(correlationId, gameId, entries.isEmpty() ? null : entries.get(0).at(), last,
                entries, spans, found.unreadable());
    }
}

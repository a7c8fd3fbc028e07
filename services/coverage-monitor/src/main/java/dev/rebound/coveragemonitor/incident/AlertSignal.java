package dev.rebound.coveragemonitor.incident;

import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * An alert as the incident tracker sees it.
 *
 * @param alertKey   one key per verdict: its repeats (a newer roster verdict, a gap escalated) are the same alert
 * @param causeKeys  the root causes that would explain it, most specific first: it joins the first with an incident;
 *                   with none, it opens one under the first
 * @param repairedBy processors whose repair in flight may answer it: while one runs, it escalates nothing
 */
public record AlertSignal(String alertKey, String ceType, String subject, LocalDate dataDate, Severity severity,
        String detail, Instant detectedAt, String correlationId, List<String> causeKeys, Set<String> repairedBy) {
    public AlertSignal {
        if (causeKeys.isEmpty()) {
            throw new IllegalArgumentException("an alert needs at least one cause key: " + alertKey);
        }
    }
}

package dev.rebound.coveragemonitor.forecast;

import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/** The at-risk cause in words, with the numbers behind it, for the event's {@code detail} and the dashboard. */
final class CauseDetail {
    /** The schema's bound on {@code detail}. */
    static final int MAX_LENGTH = 1024;

    private CauseDetail() {
    }

    static String describe(RunState state, String processor, LocalDate dataDate, ObservedRun run,
            DurationEstimates.Estimate usual, Finish finish, Instant now, boolean hasUpstream, boolean behind) {
        String usualText = "usual " + (usual.fromHistory() ? "" : "(prior) ") + "p50 " + human(usual.p50()) + ", p95 "
                + human(usual.p95());
        String name = processor + "(" + dataDate + ")";
        String text = switch (state) {
            case RUNNING -> running(name, run, finish, now, usualText)
                    + (behind ? "" : "; on pace: the landing is late because the runs before it finished late");
            case NOT_STARTED -> name + " has not started"
                    + (hasUpstream ? " although the upstream runs it needs have completed" : "") + " (" + usualText + ")";
            case STUCK -> name + " is stuck (silent since " + run.lastSeenAt() + "): the landing waits on its re-run ("
                    + usualText + ")";
            case FAILED -> name + " failed at " + run.endedAt() + ": the landing waits on its re-run (" + usualText
                    + ")";
            case COMPLETED -> name + " completed";
        };
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static String running(String name, ObservedRun run, Finish finish, Instant now, String usualText) {
        Instant started = run.startedAt() != null ? run.startedAt() : run.lastSeenAt();
        Duration elapsed = Duration.between(started, now);
        double fraction = run.fractionDone();
        if (fraction > 0) {
            return String.format(Locale.ROOT, "%s %d%% done after %s: at its pace %s in all (%s)", name,
                    Math.round(fraction * 100), human(elapsed), human(Duration.between(started, finish.expected())),
                    usualText);
        }
        return name + " running for " + human(elapsed) + " without progress reports (" + usualText + ")";
    }

    /** "2h 05m", "45m", "30s". */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return h == 0 ? m + "m" : String.format(Locale.ROOT, "%dh %02dm", h, m);
    }
}

package dev.rebound.backfillorchestrator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The pipeline's schedule table as the orchestrator needs it: deadlines and the dates with games. */
public interface TipoffSchedule {
    Optional<Instant> firstTipoff(LocalDate date);

    /** The last tip-off of the date's games: until then something of that date is left to protect. */
    Optional<Instant> lastTipoff(LocalDate date);

    List<LocalDate> datesWithGames(LocalDate from, LocalDate to);
}

package dev.rebound.coveragemonitor.rest;

import dev.rebound.runtime.clock.ScenarioClock;
import jakarta.ws.rs.BadRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Date parameters: YYYY-MM-DD, or a 400 problem that says what was wrong. */
public final class Dates {
    private Dates() {
    }

    static LocalDate parse(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new BadRequestException("date must be YYYY-MM-DD, was '" + value + "'");
        }
    }

    public static LocalDate parseOrToday(String value, ScenarioClock clock) {
        return value == null || value.isBlank() ? LocalDate.ofInstant(clock.instant(), clock.getZone()) : parse(value);
    }
}

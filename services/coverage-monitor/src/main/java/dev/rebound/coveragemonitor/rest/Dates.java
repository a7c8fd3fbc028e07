package dev.rebound.coveragemonitor.rest;

import dev.rebound.runtime.clock.ScenarioClock;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Date parameters: YYYY-MM-DD, or a 400 with a JSON body that says what was wrong. */
final class Dates {
    private Dates() {
    }

    static LocalDate parse(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new BadRequestException(Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "date must be YYYY-MM-DD, was '" + value + "'")).build());
        }
    }

    static LocalDate parseOrToday(String value, ScenarioClock clock) {
        return value == null || value.isBlank() ? LocalDate.ofInstant(clock.instant(), clock.getZone()) : parse(value);
    }
}

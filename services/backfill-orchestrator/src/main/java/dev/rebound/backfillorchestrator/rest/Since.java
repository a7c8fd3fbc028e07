package dev.rebound.backfillorchestrator.rest;

import jakarta.ws.rs.BadRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A {@code since} parameter over the archive: an RFC 3339 instant, or an ISO-8601 duration back from now
 * ({@code PT2H}). The archive is stamped with Pub/Sub's publish time, so "now" is the real clock here even when
 * the services run on a scenario clock.
 */
final class Since {
    private Since() {
    }

    static Instant parse(String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return Instant.now().minus(fallback);
        }
        try {
            return value.startsWith("P") || value.startsWith("p")
                    ? Instant.now().minus(Duration.parse(value)) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("since must be an RFC 3339 instant or an ISO-8601 duration such as PT2H,"
                    + " was '" + value + "'");
        }
    }

    static int limit(Integer limit, int fallback, int max) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > max) {
            throw new BadRequestException("limit must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }
}

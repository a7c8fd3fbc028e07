package dev.rebound.events;

import java.time.LocalDate;

/**
 * A payload about one processor run (or one processor and date). The codec copies these into the routing
 * attributes {@code processor} and {@code data_date}, and checks on decode that attributes and data agree.
 */
public interface RunScoped extends EventPayload {
    String processor();

    LocalDate dataDate();
}

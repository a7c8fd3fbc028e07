package dev.rebound.backfillorchestrator;

import java.util.Locale;

/** Where a repair plan stands: open until every step is done (completed) or it is given up (abandoned). */
public enum PlanStatus {
    OPEN, COMPLETED, ABANDONED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PlanStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}

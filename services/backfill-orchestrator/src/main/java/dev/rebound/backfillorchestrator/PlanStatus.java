package dev.rebound.backfillorchestrator;

public enum PlanStatus {
    OPEN, COMPLETED, ABANDONED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

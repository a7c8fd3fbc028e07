package dev.rebound.cli;

/** The four services and their Cloud Run names; the local mesh writes each one's URL as {@code <NAME>_URL}. */
public enum Service {
    HEARTBEAT_TRACKER("heartbeat-tracker"),
    ROSTER_WATCHER("roster-watcher"),
    COVERAGE_MONITOR("coverage-monitor"),
    BACKFILL_ORCHESTRATOR("backfill-orchestrator");

    private final String serviceName;

    Service(String serviceName) {
        this.serviceName = serviceName;
    }

    /** The name Cloud Run and the topic catalog know it by. */
    public String serviceName() {
        return serviceName;
    }

    /** The key of its URL in {@code .rebound/env}. */
    public String envKey() {
        return name() + "_URL";
    }
}

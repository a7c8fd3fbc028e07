package dev.rebound.events;

/** Topic names, as in the topic catalog ({@code rebound/topic-catalog.json}); a test keeps the two equal. */
public final class Topics {
    public static final String PROCESSOR_HEARTBEATS = "processor-heartbeats";
    public static final String PROCESSOR_COMPLETIONS = "processor-completions";
    public static final String PROCESSOR_FAILURES = "processor-failures";
    public static final String SCRAPER_COMPLETIONS = "scraper-completions";
    public static final String GCS_OBJECT_NOTIFICATIONS = "gcs-object-notifications";
    public static final String PROCESSOR_TRIGGERS = "processor-triggers";
    public static final String PIPELINE_ALERTS = "pipeline-alerts";
    public static final String COVERAGE_REPORTS = "coverage-reports";
    public static final String BACKFILL_EVENTS = "backfill-events";
    public static final String HEALTH_SUMMARIES = "health-summaries";
    public static final String QUARANTINE = "rebound-quarantine";

    private Topics() {
    }
}

package dev.rebound.backfillorchestrator;

import java.util.List;

/**
 * What one sweep found: the dates it looked at for missing runs (none while {@code missingRunsHeldUntil}, this
 * instance's start hold, is not over; null once it is), the plans it opened, degraded steps it followed up.
 */
public record SweepResult(List<String> datesChecked, List<String> plansOpened, List<String> followUps,
        int openPlans, int stepsInFlight, String missingRunsHeldUntil) {
}

package dev.rebound.backfillorchestrator;

import java.util.List;

/** What one sweep found: the dates it looked at, the plans it opened, degraded steps it followed up. */
public record SweepResult(List<String> datesChecked, List<String> plansOpened, List<String> followUps,
        int openPlans, int stepsInFlight) {
}

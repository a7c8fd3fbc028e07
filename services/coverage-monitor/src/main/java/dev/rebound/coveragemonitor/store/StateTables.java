package dev.rebound.coveragemonitor.store;

import dev.rebound.runtime.config.ReboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Qualified names of this service's tables in the state dataset. */
@ApplicationScoped
public class StateTables {
    private final String dataset;

    @Inject
    public StateTables(ReboundConfig config) {
        this.dataset = config.warehouse().stateDataset();
    }

    private StateTables(String dataset) {
        this.dataset = dataset;
    }

    public static StateTables of(String dataset) {
        return new StateTables(dataset);
    }

    public String runs() {
        return dataset + ".coverage_runs";
    }

    public String rosterChecks() {
        return dataset + ".coverage_roster_checks";
    }

    public String rosterTeams() {
        return dataset + ".coverage_roster_teams";
    }

    public String pipelineAlerts() {
        return dataset + ".coverage_pipeline_alerts";
    }

    public String plans() {
        return dataset + ".coverage_plans";
    }

    public String planSteps() {
        return dataset + ".coverage_plan_steps";
    }

    public String gapAlerts() {
        return dataset + ".coverage_gap_alerts";
    }

    public String outbox() {
        return dataset + ".coverage_outbox";
    }
}

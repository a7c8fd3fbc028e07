package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.catalog.SchedulerJobs;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerJobsTest {
    private final SchedulerJobs jobs = SchedulerJobs.load();

    @Test
    void jobsAreUniquelyNamedFiveFieldCronsOnKnownServices() {
        assertThat(jobs.jobs()).extracting(SchedulerJobs.Job::name).doesNotHaveDuplicates();
        assertThat(jobs.jobs()).allSatisfy(j -> {
            assertThat(j.schedule().trim().split("\\s+")).hasSize(5);
            assertThat(Set.of("heartbeat-tracker", "roster-watcher", "coverage-monitor", "backfill-orchestrator"))
                    .contains(j.service());
            // the one convention: POST /tasks/<job>, one path segment naming the work
            assertThat(j.path()).matches("/tasks/[a-z][a-z-]*");
        });
    }

    @Test
    void theSeedsCadencesAreTheDefaults() {
        assertThat(jobs.jobsOf("backfill-orchestrator")).extracting(SchedulerJobs.Job::schedule)
                .containsExactly("*/30 * * * *");
        assertThat(jobs.jobsOf("coverage-monitor")).extracting(SchedulerJobs.Job::schedule)
                .contains("*/15 * * * *");
    }
}

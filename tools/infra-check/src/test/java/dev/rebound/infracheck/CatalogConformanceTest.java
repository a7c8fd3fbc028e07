package dev.rebound.infracheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.events.catalog.TopicCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra/ against shared-events' topic catalog and scheduler job list. */
class CatalogConformanceTest {

    @TempDir
    Path tmp;

    @Test
    void theProdEnvironmentDeclaresExactlyTheCatalog() {
        InfraInvariants invariants = Infra.invariants(Infra.real());

        assertThat(invariants.literalWiring()).isEmpty();
        assertThat(invariants.topicsMatchCatalog()).isEmpty();
        Environment prod = invariants.environments().stream().filter(e -> e.dir().equals("envs/prod")).findFirst()
                .orElseThrow();
        assertThat(prod.topics()).extracting(Environment.TopicDeclaration::topic).containsExactlyInAnyOrderElementsOf(
                TopicCatalog.load().topics().stream().map(TopicCatalog.Topic::name).toList());
        assertThat(prod.topics().stream().mapToInt(t -> t.push().size() + t.pull().size()).sum())
                .isEqualTo(TopicCatalog.load().bindings().size());
    }

    @Test
    void theSchedulerJobsEqualTheSimulatorsSchedule() {
        InfraInvariants invariants = Infra.invariants(Infra.real());

        assertThat(invariants.schedulerMatchesJobs()).isEmpty();
        assertThat(invariants.environments().get(0).schedulerJobs()).extracting(Environment.SchedulerJob::name)
                .containsExactlyInAnyOrderElementsOf(SchedulerJobs.load().jobs().stream().map(SchedulerJobs.Job::name)
                        .toList());
    }

    @Test
    void aMissingTopicIsFound() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        Infra.edit(topics, "topic                      = \"health-summaries\"",
                "topic                      = \"health-summary\"");

        assertThat(messages(topicProblems(topics))).contains(
                "topic health-summaries of the catalog is not declared",
                "topic health-summary is not in the topic catalog");
    }

    @Test
    void aWrongAckDeadlineAndAnExtraSubscriptionAreFound() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        String subscription = "{ name = \"heartbeat-tracker--processor-heartbeats\", service = \"heartbeat-tracker\", ";
        Infra.edit(topics, subscription + "ack_deadline_seconds = 30",
                "{ name = \"extra--processor-heartbeats\", service = \"heartbeat-tracker\", ack_deadline_seconds = 30 },\n"
                        + "    " + subscription + "ack_deadline_seconds = 45");

        assertThat(messages(topicProblems(topics))).containsExactlyInAnyOrder(
                "push subscription heartbeat-tracker--processor-heartbeats has ack deadline 45 s, the catalog says 30",
                "subscription extra--processor-heartbeats is not in the topic catalog");
    }

    @Test
    void aPullSubscriptionOfTheCatalogDeclaredMissingIsFound() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        Infra.removeLine(topics, "{ name = \"rebound-quarantine--hold\"");

        assertThat(messages(topicProblems(topics))).containsExactly(
                "pull subscription rebound-quarantine--hold is missing");
    }

    @Test
    void aPublisherTheCatalogDoesNotNameIsFound() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        Infra.edit(topics, "topic                      = \"processor-completions\"\n",
                "topic                      = \"processor-completions\"\n  publishers = { \"coverage-monitor\" = "
                        + "\"serviceAccount:${module.identities.runtime_emails[\"coverage-monitor\"]}\" }\n");

        assertThat(messages(topicProblems(topics))).containsExactly(
                "publishers [coverage-monitor] differ from the catalog's []");
    }

    @Test
    void aChangedScheduleIsFound() {
        Path main = Infra.copyOfInfra(tmp).resolve("envs/prod/main.tf");
        Infra.edit(main, "schedule = \"*/30 * * * *\"", "schedule = \"0 * * * *\"");

        List<Problem> problems = Infra.invariants(Infra.parse(main.getParent().getParent().getParent()))
                .schedulerMatchesJobs();

        assertThat(messages(problems)).containsExactly("scheduler job backfill-orchestrator-sweep has schedule "
                + "'0 * * * *', scheduler-jobs.json says '*/30 * * * *'");
    }

    @Test
    void aTopicDeclaredOutsideTheModuleCannotHideFromTheCheck() {
        Path main = Infra.copyOfInfra(tmp).resolve("envs/prod/main.tf");
        Infra.append(main, "\nresource \"google_pubsub_topic\" \"side\" {\n  name = \"side-topic\"\n}\n");

        List<Problem> problems = Infra.invariants(Infra.parse(main.getParent().getParent().getParent()))
                .literalWiring();

        assertThat(messages(problems)).containsExactly(
                "declared outside modules/pubsub-topic, where the catalog check cannot see it");
    }

    private static List<Problem> topicProblems(Path topicsFile) {
        return Infra.invariants(Infra.parse(topicsFile.getParent().getParent().getParent())).topicsMatchCatalog();
    }

    static List<String> messages(List<Problem> problems) {
        return problems.stream().map(Problem::message).toList();
    }
}

package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident's class of mistake: a caller whose service account cannot invoke the service it calls fails
 * silently for days. Here it fails the build.
 */
class RunInvokerTest {

    @TempDir
    Path tmp;

    @Test
    void everyPushSubscriptionAndSchedulerJobMayInvokeItsServiceAndNothingElseMay() {
        InfraInvariants invariants = Infra.invariants(Infra.real());

        assertThat(invariants.callersHoldRunInvoker()).isEmpty();
        assertThat(invariants.moduleWiring()).isEmpty();
        assertThat(invariants.environments().get(0).invokers()).hasSize(13);
    }

    @Test
    void aSchedulerAccountWithoutRunInvokerFailsTheCheck() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.removeLine(infra.resolve("envs/prod/main.tf"),
                "{ service = \"roster-watcher\", caller = \"scheduler\"");

        List<Problem> problems = Infra.invariants(Infra.parse(infra)).callersHoldRunInvoker();

        assertThat(messages(problems)).containsExactlyInAnyOrder(
                "scheduler job roster-watcher-freshness-hourly calls roster-watcher as "
                        + "${module.identities.scheduler_email}, which holds no roles/run.invoker on roster-watcher in envs/prod",
                "scheduler job roster-watcher-freshness-daily calls roster-watcher as "
                        + "${module.identities.scheduler_email}, which holds no roles/run.invoker on roster-watcher in envs/prod",
                "scheduler job roster-watcher-bridge-check calls roster-watcher as "
                        + "${module.identities.scheduler_email}, which holds no roles/run.invoker on roster-watcher in envs/prod");
    }

    @Test
    void aPushInvokerWithoutRunInvokerFailsTheCheck() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.removeLine(infra.resolve("envs/prod/main.tf"), "{ service = \"coverage-monitor\", caller = \"push\"");

        List<Problem> problems = Infra.invariants(Infra.parse(infra)).callersHoldRunInvoker();

        // one problem per push subscription of coverage-monitor in the catalog
        assertThat(problems).hasSize(5).allSatisfy(p -> {
            assertThat(p.check()).isEqualTo("run-invoker");
            assertThat(p.message()).startsWith("push subscription coverage-monitor--")
                    .endsWith("which holds no roles/run.invoker on coverage-monitor in envs/prod");
        });
    }

    @Test
    void anInvokerGrantedToAnotherServicesAccountDoesNotCount() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/main.tf"),
                "{ service = \"heartbeat-tracker\", caller = \"push\", service_account_email = "
                        + "module.identities.push_invoker_emails[\"heartbeat-tracker\"] }",
                "{ service = \"heartbeat-tracker\", caller = \"push\", service_account_email = "
                        + "module.identities.push_invoker_emails[\"roster-watcher\"] }");

        List<Problem> problems = Infra.invariants(Infra.parse(infra)).callersHoldRunInvoker();

        assertThat(messages(problems)).hasSize(4)
                .anyMatch(m -> m.startsWith("push subscription heartbeat-tracker--processor-heartbeats calls "
                        + "heartbeat-tracker as ${module.identities.push_invoker_emails[\"heartbeat-tracker\"]}"))
                .anyMatch(m -> m.startsWith("roles/run.invoker on heartbeat-tracker for "
                        + "${module.identities.push_invoker_emails[\"roster-watcher\"]} (push), but no push subscription"));
    }

    @Test
    void aPushSubscriptionWithoutOidcTokenFailsTheCheck() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        Infra.edit(topics, "service = \"roster-watcher\", ack_deadline_seconds = 60, oidc_service_account_email = "
                + "module.identities.push_invoker_emails[\"roster-watcher\"], retain_acked_messages = true, replayers = "
                + "local.replayers },\n  ]\n  dead_letter = { topic = \"gcs-object-notifications",
                "service = \"roster-watcher\", ack_deadline_seconds = 60 },\n  ]\n  dead_letter = { topic = "
                        + "\"gcs-object-notifications");

        List<Problem> problems = Infra.invariants(Infra.parse(topics.getParent().getParent().getParent()))
                .callersHoldRunInvoker();

        assertThat(messages(problems)).containsExactly(
                "push subscription roster-watcher--gcs-object-notifications calls roster-watcher without an OIDC service account");
    }

    @Test
    void runInvokerGrantedOutsideTheInvokersModuleFailsTheCheck() {
        Path main = Infra.copyOfInfra(tmp).resolve("envs/prod/main.tf");
        Infra.append(main, "\nresource \"google_project_iam_member\" \"everyone_invokes\" {\n  project = var.project_id\n"
                + "  role    = \"roles/run.invoker\"\n  member  = \"serviceAccount:${module.identities.scheduler_email}\"\n}\n");

        List<Problem> problems = Infra.invariants(Infra.parse(main.getParent().getParent().getParent()))
                .callersHoldRunInvoker();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo("envs/prod/main.tf google_project_iam_member.everyone_invokes");
            assertThat(p.message()).startsWith("roles/run.invoker granted outside modules/cloud-run-invokers");
        });
    }

    @Test
    void anInvokerModuleThatGrantsAnotherRoleFailsTheCheck() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("modules/cloud-run-invokers/main.tf"), "role     = \"roles/run.invoker\"",
                "role     = \"roles/run.viewer\"");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).moduleWiring()))
                .containsExactly("role must be roles/run.invoker");
    }

    @Test
    void aPushSubscriptionThatDropsItsOidcTokenInTheModuleFailsTheCheck() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("modules/pubsub-topic/main.tf"), "service_account_email = oidc_token.value",
                "service_account_email = var.pubsub_service_agent_email");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).moduleWiring()))
                .containsExactly("oidc_token must carry the subscription's oidc_service_account_email");
    }
}

package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators reach what is theirs — every service's operator API through the rebound CLI, the dashboard through
 * IAP — and replay holds the rights it needs; each broken copy of infra/ below must fail the check.
 */
class OperatorReachabilityTest {

    @TempDir
    Path tmp;

    private static InfraInvariants checked(Path infra) {
        return Infra.invariants(Infra.parse(infra));
    }

    @Test
    void theRealInfraLetsTheOperatorsReachEveryServiceAndTheReplayerRepublish() {
        InfraInvariants invariants = Infra.invariants(Infra.real());
        assertThat(invariants.operatorsReachTheirEndpoints()).isEmpty();
        assertThat(invariants.replayerCanRepublish()).isEmpty();
        assertThat(invariants.callersHoldRunInvoker()).isEmpty();
        assertThat(invariants.environments().get(0).invokers()).hasSize(13);
    }

    @Test
    void aServiceTheOperatorsCannotInvokeIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.removeLine(infra.resolve("envs/prod/main.tf"), "{ service = \"roster-watcher\", caller = \"operator\"");

        assertThat(messages(checked(infra).operatorsReachTheirEndpoints())).containsExactly(
                "the operators cannot call roster-watcher: no roles/run.invoker (caller \"operator\") for the account"
                        + " they impersonate");
    }

    @Test
    void anOperatorGrantToAnAccountTheOperatorsDoNotImpersonateIsFoundTwice() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/main.tf"), "{ service = \"heartbeat-tracker\", caller = \"operator\","
                + " service_account_email = module.identities.operator_email }", "{ service = \"heartbeat-tracker\","
                + " caller = \"operator\", service_account_email = module.identities.runtime_emails[\"heartbeat-tracker\"] }");

        InfraInvariants invariants = checked(infra);
        assertThat(messages(invariants.operatorsReachTheirEndpoints())).containsExactly("the operators cannot call"
                + " heartbeat-tracker: no roles/run.invoker (caller \"operator\") for the account they impersonate");
        assertThat(messages(invariants.callersHoldRunInvoker())).singleElement().asString()
                .startsWith("roles/run.invoker on heartbeat-tracker for"
                        + " ${module.identities.runtime_emails[\"heartbeat-tracker\"]} (operator)")
                .endsWith("neither the operators' account nor the IAP agent of a dashboard in front of it");
    }

    @Test
    void operatorsWhoCannotMintTokensOrFindTheServicesAreFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("modules/operator-access/main.tf"), "roles/iam.serviceAccountOpenIdTokenCreator",
                "roles/iam.serviceAccountUser");
        Infra.edit(infra.resolve("envs/prod/main.tf"), "services                       = [\"heartbeat-tracker\", "
                + "\"roster-watcher\", \"coverage-monitor\", \"backfill-orchestrator\"]", "services                 "
                + "      = [\"heartbeat-tracker\", \"roster-watcher\", \"coverage-monitor\"]");

        assertThat(messages(checked(infra).operatorsReachTheirEndpoints())).containsExactlyInAnyOrder(
                "the operators cannot look up backfill-orchestrator (not in services)",
                "the operators cannot call backfill-orchestrator: no roles/run.invoker (caller \"operator\") for the"
                        + " account they impersonate",
                "the operators group is not granted roles/iam.serviceAccountOpenIdTokenCreator on the operator account");
    }

    @Test
    void anOperatorsGroupThatCouldBeAnyoneIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/variables.tf"), "condition     = startswith(var.operators_group, \"group:\")",
                "condition     = length(var.operators_group) > 0");

        assertThat(messages(checked(infra).operatorsReachTheirEndpoints())).containsExactly("variable operators_group"
                + " must be validated as a Google group (startswith(var.operators_group, \"group:\"))");
    }

    @Test
    void aDashboardOpenToAllAuthenticatedUsersIsFoundTwice() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/main.tf"), "accessors  = { operators = var.operators_group }",
                "accessors  = { everyone = \"allAuthenticatedUsers\" }");

        InfraInvariants invariants = checked(infra);
        assertThat(messages(invariants.noPublicMembers())).containsExactly("grants to allAuthenticatedUsers");
        assertThat(messages(invariants.operatorsReachTheirEndpoints())).containsExactly(
                "IAP does not let the operators group (var.operators_group) through to the dashboard");
    }

    @Test
    void aDashboardWithoutIapOrThatIapCannotCallIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("modules/iap-dashboard/main.tf"), "enabled = true", "enabled = false");
        Infra.removeLine(infra.resolve("envs/prod/main.tf"), "{ service = \"coverage-monitor\", caller = \"iap\"");

        assertThat(messages(checked(infra).operatorsReachTheirEndpoints())).containsExactlyInAnyOrder(
                "the backend service does not enable IAP",
                "IAP cannot call coverage-monitor: its service agent (local.iap_service_agent) holds no"
                        + " roles/run.invoker (caller \"iap\")");
    }

    @Test
    void aTopicTheReplayerCannotRepublishToOrWhoseDeadLettersItCannotReadIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Path topics = infra.resolve("envs/prod/topics.tf");
        Infra.edit(topics, "  topic                      = \"health-summaries\"\n  labels                     = var.labels\n"
                + "  pubsub_service_agent_email = local.pubsub_service_agent\n  republishers               = local.replayers\n",
                "  topic                      = \"health-summaries\"\n  labels                     = var.labels\n"
                        + "  pubsub_service_agent_email = local.pubsub_service_agent\n");
        Infra.edit(topics, "hold_subscription = \"backfill-events--dead-letter--hold\", subscribers = local.replayers",
                "hold_subscription = \"backfill-events--dead-letter--hold\"");

        assertThat(messages(checked(infra).replayerCanRepublish())).containsExactlyInAnyOrder(
                "backfill-orchestrator cannot re-publish to health-summaries: republishers must be local.replayers",
                "backfill-orchestrator cannot list or redrive the dead letters of backfill-events:"
                        + " dead_letter.subscribers must be local.replayers");
    }

    @Test
    void deadLettersNamedOtherwiseThanTheCatalogSaysAreFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/topics.tf"), "hold_subscription = \"coverage-reports--dead-letter--hold\"",
                "hold_subscription = \"coverage-reports--dlq\"");

        assertThat(messages(checked(infra).replayerCanRepublish())).containsExactly("dead letters of coverage-reports"
                + " must go to coverage-reports--dead-letter, held by coverage-reports--dead-letter--hold (the topic"
                + " catalog's names)");
    }
}

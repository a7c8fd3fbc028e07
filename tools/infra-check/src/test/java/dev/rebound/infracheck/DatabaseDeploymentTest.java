package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/ against the state store in infra/: connection settings, no password, private egress, connection budget. */
class DatabaseDeploymentTest {

    @TempDir
    Path tmp;

    private static DatabaseDeployment deployment(TerraformModel model, Path deploy) {
        return new DatabaseDeployment(model, deploy, Infra.repositoryRoot());
    }

    @Test
    void everyServiceReachesTheStateStoreAsItselfAndAllFitInItsConnections() {
        assertThat(deployment(Infra.real(), Infra.deployDir()).check(CloudRunManifestsTest.services())).isEmpty();
    }

    @Test
    void aManifestWithoutTheCloudSqlSettingsFails() {
        Path deploy = Infra.copyOfDeploy(tmp);
        Path manifest = deploy.resolve("coverage-monitor.service.yaml");
        Infra.edit(manifest, "            - name: REBOUND_CLOUD_SQL_INSTANCE\n              value: "
                + "${PROJECT_ID}:${REGION}:rebound\n", "");
        Infra.edit(manifest, "value: rb-coverage-monitor@${PROJECT_ID}.iam", "value: rb-heartbeat-tracker@${PROJECT_ID}.iam");

        assertThat(messages(deployment(Infra.real(), deploy).check(CloudRunManifestsTest.services()))).containsExactly(
                "env REBOUND_CLOUD_SQL_INSTANCE is missing: the service cannot reach the state store",
                "env REBOUND_DB_USER must be 'rb-coverage-monitor@${PROJECT_ID}.iam', found "
                        + "'rb-heartbeat-tracker@${PROJECT_ID}.iam'");
    }

    @Test
    void aManifestWithAPasswordFails() {
        Path deploy = Infra.copyOfDeploy(tmp);
        Infra.edit(deploy.resolve("roster-watcher.service.yaml"), "            - name: REBOUND_DB_NAME\n",
                "            - name: QUARKUS_DATASOURCE_PASSWORD\n              value: s3cret\n"
                        + "            - name: REBOUND_DB_NAME\n");

        assertThat(messages(deployment(Infra.real(), deploy).check(CloudRunManifestsTest.services()))).containsExactly(
                "env QUARKUS_DATASOURCE_PASSWORD carries a password: the services log in with IAM only");
    }

    @Test
    void aManifestOutsideTheVpcOfAPrivateInstanceFails() {
        Path deploy = Infra.copyOfDeploy(tmp);
        Path manifest = deploy.resolve("backfill-orchestrator.service.yaml");
        Infra.edit(manifest, "\"subnetwork\":\"rebound-run\"", "\"subnetwork\":\"default\"");
        Infra.removeLine(manifest, "run.googleapis.com/vpc-access-egress: private-ranges-only");

        assertThat(messages(deployment(Infra.real(), deploy).check(CloudRunManifestsTest.services()))).containsExactly(
                "the instance has only a private address: run.googleapis.com/network-interfaces must be "
                        + "'[{\"network\":\"rebound\",\"subnetwork\":\"rebound-run\"}]' (Direct VPC egress into infra/'s "
                        + "network), found '[{\"network\":\"rebound\",\"subnetwork\":\"default\"}]'",
                "run.googleapis.com/vpc-access-egress must be one of [private-ranges-only, all-traffic], found ''");
    }

    @Test
    void moreInstancesThanTheDatabaseHasConnectionsForFails() {
        Path deploy = Infra.copyOfDeploy(tmp);
        Infra.edit(deploy.resolve("heartbeat-tracker.service.yaml"), "autoscaling.knative.dev/maxScale: \"3\"",
                "autoscaling.knative.dev/maxScale: \"10\"");

        assertThat(messages(deployment(Infra.real(), deploy).check(CloudRunManifestsTest.services()))).containsExactly(
                "2 revisions x (backfill-orchestrator 2 x 8 + coverage-monitor 3 x 8 + heartbeat-tracker 10 x 8 + "
                        + "roster-watcher 2 x 8) + 20 reserved = 292 connections, more than max_connections 200");
    }

    @Test
    void aSmallerDatabaseThanThePoolsNeedFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/database.tf"), "max_connections = 200", "max_connections = 179");

        assertThat(messages(deployment(Infra.parse(infra), Infra.deployDir()).check(CloudRunManifestsTest.services())))
                .containsExactly("2 revisions x (backfill-orchestrator 2 x 8 + coverage-monitor 3 x 8 + "
                        + "heartbeat-tracker 3 x 8 + roster-watcher 2 x 8) + 20 reserved = 180 connections, more than "
                        + "max_connections 179");
    }

    @Test
    void withoutAPoolSizeInTheManifestTheRuntimeDefaultCounts() {
        ConnectionBudget budget = new ConnectionBudget(Infra.repositoryRoot());

        assertThat(budget.share("heartbeat-tracker", 3, Map.of())).get().satisfies(share -> {
            assertThat(share.pool()).isEqualTo(8);
            assertThat(share.poolFrom()).isEqualTo("service-runtime's microprofile-config.properties "
                    + ConnectionBudget.POOL_KEY);
            assertThat(share.connections()).isEqualTo(48);
        });
        assertThat(budget.share("heartbeat-tracker", 3, Map.of(ConnectionBudget.POOL_ENV, "4"))).get()
                .extracting(ConnectionBudget.Share::pool).isEqualTo(4);
    }
}

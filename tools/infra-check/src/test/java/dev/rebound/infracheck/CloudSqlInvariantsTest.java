package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store in infra/: each invariant holds on the real Terraform and fails on a copy broken for it. */
class CloudSqlInvariantsTest {

    private static final String MODULE = "modules/cloud-sql-postgres/main.tf";
    private static final String ENV = "envs/prod/database.tf";

    @TempDir
    Path tmp;

    @Test
    void theRealStateStoreIsPrivateBackedUpProtectedAndReachedByEveryServiceWithIam() {
        InfraInvariants invariants = Infra.invariants(Infra.real());

        assertThat(invariants.stateStore()).isEmpty();
        assertThat(invariants.runtimeRoles()).isEmpty();
        assertThat(new RuntimeAccountRoles(Infra.real()).grants()).extracting(RuntimeAccountRoles.Grant::role)
                .contains("roles/cloudsql.client", "roles/cloudsql.instanceUser", "roles/bigquery.dataViewer",
                        "roles/bigquery.jobUser");
    }

    @Test
    void aServiceWithoutADatabaseUserFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.removeLine(infra.resolve(ENV), "\"roster-watcher\"        = module.identities.runtime_emails");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore())).containsExactly(
                "roster-watcher has no database user and no roles/cloudsql.client: it is not in service_accounts");
    }

    @Test
    void aModuleThatNoLongerGrantsCloudSqlClientFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(MODULE), "role    = \"roles/cloudsql.client\"", "role    = \"roles/cloudsql.editor\"");
        InfraInvariants invariants = Infra.invariants(Infra.parse(infra));

        assertThat(messages(invariants.stateStore()))
                .containsExactly("roles/cloudsql.client is not granted to each service account");
        assertThat(messages(invariants.runtimeRoles())).containsExactly("roles/cloudsql.editor for "
                + "serviceAccount:${each.value}: the services only connect to and log in to Cloud SQL (client, instanceUser)");
    }

    @Test
    void aClientGrantOnEveryInstanceOfTheProjectFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(MODULE), "    description = \"Connect to the Rebound state store only.\"\n"
                + "    expression  = local.instance_condition", "    description = \"Any instance.\"\n"
                + "    expression  = \"true\"");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore())).containsExactly(
                "roles/cloudsql.client must be conditioned on the instance (resource.name ... "
                        + "instances/${var.instance_name}), not granted on every instance");
    }

    @Test
    void aPublicIpWithAuthorizedNetworksFailsButAConnectorOnlyPublicIpHolds() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(MODULE), "ipv4_enabled    = false", "ipv4_enabled    = true");

        assertThat(Infra.invariants(Infra.parse(infra)).stateStore()).isEmpty();

        Infra.edit(infra.resolve(MODULE), "ssl_mode        = \"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"",
                "ssl_mode        = \"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"\n\n"
                        + "      authorized_networks {\n        name  = \"office\"\n        value = \"203.0.113.0/24\"\n      }");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore())).containsExactly("has a public IP "
                + "with authorized networks: a public address must be reachable through the Cloud SQL connector only "
                + "(no authorized_networks)");
    }

    @Test
    void anAuthorizedNetworkOpenToTheInternetFailsEvenOnAPrivateInstance() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(MODULE), "ssl_mode        = \"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"",
                "ssl_mode        = \"TRUSTED_CLIENT_CERTIFICATE_REQUIRED\"\n\n"
                        + "      authorized_networks {\n        name  = \"anyone\"\n        value = \"0.0.0.0/0\"\n      }");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore()))
                .containsExactly("authorized network 0.0.0.0/0 opens the database to the whole internet");
    }

    @Test
    void backupsPointInTimeRecoveryOrDeletionProtectionOffFail() {
        Path infra = Infra.copyOfInfra(tmp);
        Path module = infra.resolve(MODULE);
        Infra.edit(module, "      enabled                        = true", "      enabled                        = false");
        Infra.edit(module, "point_in_time_recovery_enabled = true", "point_in_time_recovery_enabled = false");
        Infra.edit(module, "  deletion_protection = true", "  deletion_protection = var.protect");
        Infra.append(infra.resolve("modules/cloud-sql-postgres/variables.tf"), "\nvariable \"protect\" {\n"
                + "  type        = bool\n  description = \"Whether the instance is protected.\"\n  default     = false\n}\n");
        Infra.edit(module, "deletion_protection_enabled = true", "deletion_protection_enabled = false");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore())).containsExactly(
                "deletion_protection must be true: terraform could destroy the state store",
                "settings.deletion_protection_enabled must be true: the Cloud SQL API could delete the state store",
                "automated backups are off (backup_configuration.enabled must be true)",
                "point-in-time recovery is off (backup_configuration.point_in_time_recovery_enabled must be true)");
    }

    @Test
    void iamAuthenticationOffOrAPasswordUserFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Path module = infra.resolve(MODULE);
        Infra.edit(module, "name  = \"cloudsql.iam_authentication\"\n      value = \"on\"",
                "name  = \"cloudsql.iam_authentication\"\n      value = \"off\"");
        Infra.append(module, "\nresource \"google_sql_user\" \"admin\" {\n  project  = var.project_id\n"
                + "  instance = google_sql_database_instance.this.name\n  name     = \"admin\"\n"
                + "  password = \"s3cret\"\n}\n");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore())).containsExactlyInAnyOrder(
                "IAM database authentication is off (database flag cloudsql.iam_authentication must be on)",
                "has a password: users log in with IAM only",
                "type is BUILT_IN, a password user: use [CLOUD_IAM_SERVICE_ACCOUNT, CLOUD_IAM_USER, CLOUD_IAM_GROUP]");
    }

    @Test
    void anotherPostgresMajorThanTheTestsRunFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve(ENV), "  instance_name   = \"rebound\"",
                "  instance_name   = \"rebound\"\n  database_version = \"POSTGRES_15\"");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).stateStore())).containsExactly(
                "database_version must be POSTGRES_17, the major version the local server and the tests run");
    }

    @Test
    void aServiceThatCanWriteBigQueryFails() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("envs/prod/datasets.tf"), "\"backfill-orchestrator-reader\" = { role = "
                + "\"roles/bigquery.dataViewer\"", "\"backfill-orchestrator-reader\" = { role = \"roles/bigquery.dataEditor\"");
        Infra.edit(infra.resolve("modules/service-identities/variables.tf"), "[\"roles/bigquery.jobUser\",",
                "[\"roles/bigquery.user\",");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).runtimeRoles())).containsExactlyInAnyOrder(
                "roles/bigquery.dataEditor for serviceAccount:${module.identities.runtime_emails[\"backfill-orchestrator\"]}"
                        + ": the services only read BigQuery (dataViewer, jobUser)",
                "roles/bigquery.user for every runtime account: the services only read BigQuery (dataViewer, jobUser)");
    }
}

# The services' state store: Cloud SQL for PostgreSQL, private address only, IAM database authentication, one
# database user per service account, each service in its own schema (created by the service's Flyway migrations
# after the one-time grants of deploy/cloudsql-bootstrap.sql). docs/operations.md says how it is backed up,
# restored, migrated and sized.

resource "google_project_service" "database_apis" {
  for_each = toset([
    "compute.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
  ])

  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}

# The VPC the services reach the instance through (Direct VPC egress on the run subnet; the manifests' annotation
# run.googleapis.com/network-interfaces names both).
module "network" {
  source = "../../modules/private-network"

  project_id      = var.project_id
  region          = var.region
  network_name    = "rebound"
  run_subnet_name = "rebound-run"

  depends_on = [google_project_service.database_apis]
}

module "database" {
  source = "../../modules/cloud-sql-postgres"

  project_id      = var.project_id
  region          = var.region
  instance_name   = "rebound"
  database_name   = "rebound"
  tier            = var.database_tier
  private_network = module.network.network_id
  labels          = var.labels

  # Must hold every service's pool (quarkus.datasource.jdbc.max-size) at its manifest's maxScale, counted twice
  # for the two revisions a deploy runs side by side, plus 20 for operators and Cloud SQL's own sessions.
  # tools/infra-check recomputes that sum from deploy/ and fails above this (docs/operations.md#connection-sizing).
  max_connections = 200

  service_accounts = {
    "heartbeat-tracker"     = module.identities.runtime_emails["heartbeat-tracker"]
    "roster-watcher"        = module.identities.runtime_emails["roster-watcher"]
    "coverage-monitor"      = module.identities.runtime_emails["coverage-monitor"]
    "backfill-orchestrator" = module.identities.runtime_emails["backfill-orchestrator"]
  }

  depends_on = [google_project_service.database_apis]
}

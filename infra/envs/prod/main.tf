data "google_project" "this" {
  project_id = var.project_id
}

locals {
  services = ["heartbeat-tracker", "roster-watcher", "coverage-monitor", "backfill-orchestrator"]

  # Cloud Run's deterministic URL (https://SERVICE-PROJECT_NUMBER.REGION.run.app) is known before the service is
  # deployed, so subscriptions and jobs can be declared first and the services deployed from deploy/ afterwards.
  service_urls = { for s in local.services : s => "https://${s}-${data.google_project.this.number}.${var.region}.run.app" }

  pubsub_service_agent = "service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  # Identity-Aware Proxy calls the dashboard's service as this agent once IAP is on for its backend.
  iap_service_agent = "service-${data.google_project.this.number}@gcp-sa-iap.iam.gserviceaccount.com"
  pipeline_project_id  = coalesce(var.pipeline_project_id, var.project_id)

  # The catalog's replayer: seeks any consumer's subscription back in time, re-publishes to every topic and reads
  # every dead-letter hold subscription.
  replayers = { "backfill-orchestrator" = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}" }

  # Services that read the watched pipeline's tables (heartbeat-tracker only reads events).
  pipeline_readers = ["roster-watcher", "coverage-monitor", "backfill-orchestrator"]
  pipeline_grants = {
    for pair in setproduct(local.pipeline_readers, var.pipeline_datasets) : "${pair[0]}/${pair[1]}" => { service = pair[0], dataset = pair[1] }
  }
}

resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "iap.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ])

  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}

resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = "rebound"
  format        = "DOCKER"
  description   = "Container images of the Rebound services (built and pushed by deploy/deploy.sh)."
  labels        = var.labels

  depends_on = [google_project_service.apis]
}

module "identities" {
  source = "../../modules/service-identities"

  project_id = var.project_id
  services = {
    "heartbeat-tracker"     = {}
    "roster-watcher"        = {}
    "coverage-monitor"      = {}
    "backfill-orchestrator" = {}
  }
  pubsub_service_agent_email = local.pubsub_service_agent

  depends_on = [google_project_service.apis]
}

# roles/run.invoker exactly where something calls a service: each service's push invoker (its push
# subscriptions), the scheduler account (its periodic endpoints), the operator account (the rebound CLI, which the
# operators group impersonates) and, for the dashboard, IAP's service agent. tools/infra-check holds every push
# subscription, scheduler job, operator grant and IAP backend to this list, and this list to them.
module "run_invokers" {
  source = "../../modules/cloud-run-invokers"

  project_id = var.project_id
  region     = var.region
  bindings = [
    { service = "heartbeat-tracker", caller = "push", service_account_email = module.identities.push_invoker_emails["heartbeat-tracker"] },
    { service = "heartbeat-tracker", caller = "scheduler", service_account_email = module.identities.scheduler_email },
    { service = "roster-watcher", caller = "push", service_account_email = module.identities.push_invoker_emails["roster-watcher"] },
    { service = "roster-watcher", caller = "scheduler", service_account_email = module.identities.scheduler_email },
    { service = "coverage-monitor", caller = "push", service_account_email = module.identities.push_invoker_emails["coverage-monitor"] },
    { service = "coverage-monitor", caller = "scheduler", service_account_email = module.identities.scheduler_email },
    { service = "backfill-orchestrator", caller = "push", service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"] },
    { service = "backfill-orchestrator", caller = "scheduler", service_account_email = module.identities.scheduler_email },
    { service = "heartbeat-tracker", caller = "operator", service_account_email = module.identities.operator_email },
    { service = "roster-watcher", caller = "operator", service_account_email = module.identities.operator_email },
    { service = "coverage-monitor", caller = "operator", service_account_email = module.identities.operator_email },
    { service = "backfill-orchestrator", caller = "operator", service_account_email = module.identities.operator_email },
    { service = "coverage-monitor", caller = "iap", service_account_email = local.iap_service_agent },
  ]
}

# The operators group: read the services' URLs and mint identity tokens as the operator account — exactly what
# the rebound CLI needs (docs/runbook.md).
module "operator_access" {
  source = "../../modules/operator-access"

  project_id                     = var.project_id
  region                         = var.region
  operators_group                = var.operators_group
  operator_service_account_email = module.identities.operator_email
  services                       = ["heartbeat-tracker", "roster-watcher", "coverage-monitor", "backfill-orchestrator"]
}

# The dashboard for people in a browser: HTTPS load balancer, Identity-Aware Proxy, coverage-monitor behind it;
# only the operators group gets through.
module "dashboard" {
  source = "../../modules/iap-dashboard"

  project_id = var.project_id
  region     = var.region
  name       = "rebound-dashboard"
  service    = "coverage-monitor"
  domain     = var.dashboard_domain
  accessors  = { operators = var.operators_group }

  depends_on = [google_project_service.apis]
}

# The same jobs and schedules as shared-events' rebound/scheduler-jobs.json (the simulator plays that file).
module "scheduler" {
  source = "../../modules/scheduler-jobs"

  project_id   = var.project_id
  region       = var.region
  service_urls = local.service_urls
  jobs = [
    { name = "heartbeat-tracker-sweep", service = "heartbeat-tracker", path = "/tasks/sweep", schedule = "* * * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email, attempt_deadline = "60s", retry_count = 0 },
    { name = "roster-watcher-freshness-hourly", service = "roster-watcher", path = "/tasks/freshness-check", schedule = "0 * * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email },
    { name = "roster-watcher-freshness-daily", service = "roster-watcher", path = "/tasks/freshness-check", schedule = "30 13 * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email },
    { name = "roster-watcher-bridge-check", service = "roster-watcher", path = "/tasks/bridge-check", schedule = "*/15 * * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email },
    { name = "coverage-monitor-evaluate", service = "coverage-monitor", path = "/tasks/evaluate", schedule = "*/15 * * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email },
    { name = "coverage-monitor-daily-summary", service = "coverage-monitor", path = "/tasks/daily-summary", schedule = "0 12 * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email },
    { name = "backfill-orchestrator-sweep", service = "backfill-orchestrator", path = "/tasks/sweep", schedule = "*/30 * * * *", time_zone = "Etc/UTC", oidc_service_account_email = module.identities.scheduler_email },
  ]

  depends_on = [google_project_service.apis]
}

# Closes the scraper -> Pub/Sub publish gap: object changes in the scraper buckets reach roster-watcher's bridge
# whether or not a scraper publishes its own completion.
module "scraper_notifications" {
  source = "../../modules/gcs-notifications"

  bucket_project_id  = local.pipeline_project_id
  buckets            = var.scraper_buckets
  topic_id           = module.topic_gcs_object_notifications.topic_id
  event_types        = ["OBJECT_FINALIZE", "OBJECT_DELETE"]
  object_name_prefix = var.scraper_object_prefix
}

resource "google_bigquery_dataset_iam_member" "pipeline_reader" {
  for_each = local.pipeline_grants

  project    = local.pipeline_project_id
  dataset_id = each.value.dataset
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${module.identities.runtime_emails[each.value.service]}"
}

# The pipeline's own processors and scrapers publish into Rebound's topics (catalog publishers "processors" and
# "scrapers"); their identities belong to the pipeline, so they come in as variables.
locals {
  pipeline_publisher_grants = merge(
    { for pair in setproduct(var.processor_publishers, ["processor-heartbeats", "processor-completions", "processor-failures"]) : "${pair[1]}/${pair[0]}" => { topic = pair[1], member = pair[0] } },
    { for m in var.scraper_publishers : "scraper-completions/${m}" => { topic = "scraper-completions", member = m } },
  )
  topic_ids = {
    "processor-heartbeats"  = module.topic_processor_heartbeats.topic_id
    "processor-completions" = module.topic_processor_completions.topic_id
    "processor-failures"    = module.topic_processor_failures.topic_id
    "scraper-completions"   = module.topic_scraper_completions.topic_id
  }
}

resource "google_pubsub_topic_iam_member" "pipeline_publisher" {
  for_each = local.pipeline_publisher_grants

  topic  = local.topic_ids[each.value.topic]
  role   = "roles/pubsub.publisher"
  member = each.value.member
}

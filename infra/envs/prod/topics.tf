# One module per topic of shared-events' rebound/topic-catalog.json (tools/infra-check proves they are equal):
# its publishers, its consumers' push subscriptions (OIDC, retry, dead letter, retained for replay), its held
# pull subscriptions, its dead-letter topic and its archive subscription. The catalog's replayer
# (backfill-orchestrator, local.replayers) may publish to every topic and read every dead-letter hold: replay,
# quarantine re-publishing and dead-letter redrive send messages back to the topics they came from.

module "topic_processor_heartbeats" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "processor-heartbeats"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "heartbeat-tracker" = "serviceAccount:${module.identities.runtime_emails["heartbeat-tracker"]}"
  }
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "heartbeat-tracker--processor-heartbeats", service = "heartbeat-tracker", ack_deadline_seconds = 30, oidc_service_account_email = module.identities.push_invoker_emails["heartbeat-tracker"], retain_acked_messages = true, replayers = local.replayers },
    { name = "backfill-orchestrator--processor-heartbeats", service = "backfill-orchestrator", ack_deadline_seconds = 30, oidc_service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"], retain_acked_messages = true, replayers = local.replayers },
    { name = "coverage-monitor--processor-heartbeats", service = "coverage-monitor", ack_deadline_seconds = 30, oidc_service_account_email = module.identities.push_invoker_emails["coverage-monitor"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "processor-heartbeats--dead-letter", hold_subscription = "processor-heartbeats--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "processor-heartbeats--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_processor_completions" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "processor-completions"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "heartbeat-tracker--processor-completions", service = "heartbeat-tracker", ack_deadline_seconds = 30, oidc_service_account_email = module.identities.push_invoker_emails["heartbeat-tracker"], retain_acked_messages = true, replayers = local.replayers },
    { name = "roster-watcher--processor-completions", service = "roster-watcher", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["roster-watcher"], retain_acked_messages = true, replayers = local.replayers },
    { name = "coverage-monitor--processor-completions", service = "coverage-monitor", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["coverage-monitor"], retain_acked_messages = true, replayers = local.replayers },
    { name = "backfill-orchestrator--processor-completions", service = "backfill-orchestrator", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "processor-completions--dead-letter", hold_subscription = "processor-completions--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "processor-completions--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_processor_failures" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "processor-failures"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "heartbeat-tracker" = "serviceAccount:${module.identities.runtime_emails["heartbeat-tracker"]}"
  }
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "heartbeat-tracker--processor-failures", service = "heartbeat-tracker", ack_deadline_seconds = 30, oidc_service_account_email = module.identities.push_invoker_emails["heartbeat-tracker"], retain_acked_messages = true, replayers = local.replayers },
    { name = "coverage-monitor--processor-failures", service = "coverage-monitor", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["coverage-monitor"], retain_acked_messages = true, replayers = local.replayers },
    { name = "backfill-orchestrator--processor-failures", service = "backfill-orchestrator", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "processor-failures--dead-letter", hold_subscription = "processor-failures--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "processor-failures--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_scraper_completions" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "scraper-completions"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "roster-watcher" = "serviceAccount:${module.identities.runtime_emails["roster-watcher"]}"
  }
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "backfill-orchestrator--scraper-completions", service = "backfill-orchestrator", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "scraper-completions--dead-letter", hold_subscription = "scraper-completions--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "scraper-completions--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_gcs_object_notifications" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "gcs-object-notifications"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "roster-watcher--gcs-object-notifications", service = "roster-watcher", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["roster-watcher"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "gcs-object-notifications--dead-letter", hold_subscription = "gcs-object-notifications--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "gcs-object-notifications--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_processor_triggers" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "processor-triggers"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "backfill-orchestrator" = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}"
  }
  dead_letter = { topic = "processor-triggers--dead-letter", hold_subscription = "processor-triggers--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "processor-triggers--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_pipeline_alerts" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "pipeline-alerts"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "heartbeat-tracker"     = "serviceAccount:${module.identities.runtime_emails["heartbeat-tracker"]}"
    "roster-watcher"        = "serviceAccount:${module.identities.runtime_emails["roster-watcher"]}"
    "coverage-monitor"      = "serviceAccount:${module.identities.runtime_emails["coverage-monitor"]}"
    "backfill-orchestrator" = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}"
  }
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "coverage-monitor--pipeline-alerts", service = "coverage-monitor", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["coverage-monitor"], retain_acked_messages = true, replayers = local.replayers },
    { name = "backfill-orchestrator--pipeline-alerts", service = "backfill-orchestrator", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "pipeline-alerts--dead-letter", hold_subscription = "pipeline-alerts--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "pipeline-alerts--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_coverage_reports" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "coverage-reports"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "coverage-monitor" = "serviceAccount:${module.identities.runtime_emails["coverage-monitor"]}"
  }
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "backfill-orchestrator--coverage-reports", service = "backfill-orchestrator", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["backfill-orchestrator"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "coverage-reports--dead-letter", hold_subscription = "coverage-reports--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "coverage-reports--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_backfill_events" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "backfill-events"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "backfill-orchestrator" = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}"
  }
  service_urls = local.service_urls
  push_subscriptions = [
    { name = "coverage-monitor--backfill-events", service = "coverage-monitor", ack_deadline_seconds = 60, oidc_service_account_email = module.identities.push_invoker_emails["coverage-monitor"], retain_acked_messages = true, replayers = local.replayers },
  ]
  dead_letter = { topic = "backfill-events--dead-letter", hold_subscription = "backfill-events--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "backfill-events--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_health_summaries" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "health-summaries"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "coverage-monitor" = "serviceAccount:${module.identities.runtime_emails["coverage-monitor"]}"
  }
  pull_subscriptions = [
    { name = "health-summaries--hold", ack_deadline_seconds = 60, retain_acked_messages = true },
  ]
  dead_letter = { topic = "health-summaries--dead-letter", hold_subscription = "health-summaries--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "health-summaries--archive", table_id = module.event_archive.table_ids["events"] }
}

module "topic_rebound_quarantine" {
  source = "../../modules/pubsub-topic"

  project_id                 = var.project_id
  topic                      = "rebound-quarantine"
  labels                     = var.labels
  pubsub_service_agent_email = local.pubsub_service_agent
  republishers               = local.replayers
  publishers = {
    "heartbeat-tracker"     = "serviceAccount:${module.identities.runtime_emails["heartbeat-tracker"]}"
    "roster-watcher"        = "serviceAccount:${module.identities.runtime_emails["roster-watcher"]}"
    "coverage-monitor"      = "serviceAccount:${module.identities.runtime_emails["coverage-monitor"]}"
    "backfill-orchestrator" = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}"
  }
  pull_subscriptions = [
    { name = "rebound-quarantine--hold", ack_deadline_seconds = 60, retain_acked_messages = true },
  ]
  dead_letter = { topic = "rebound-quarantine--dead-letter", hold_subscription = "rebound-quarantine--dead-letter--hold", subscribers = local.replayers }
  archive     = { subscription = "rebound-quarantine--archive", table_id = module.event_archive.table_ids["events"] }
}

# The event archive: one row per message of every topic, written by the topics' BigQuery subscriptions with
# write_metadata (the standard column layout). Partitioned by publish day; a partition is dropped after
# var.archive_retention_days. The orchestrator's replay reads it back.
module "event_archive" {
  source = "../../modules/bigquery-dataset"

  project_id  = var.project_id
  dataset_id  = "rebound_events"
  description = "Every Rebound event as published (Pub/Sub BigQuery subscriptions <topic>--archive)."
  location    = var.bigquery_location
  labels      = var.labels
  tables = [
    {
      table_id    = "events"
      description = "One row per message: the BigQuery subscription's write_metadata columns. data is the UTF-8 JSON body; attributes hold the CloudEvents headers."
      schema = jsonencode([
        { name = "subscription_name", type = "STRING", mode = "NULLABLE", description = "Archive subscription that wrote the row (<topic>--archive)." },
        { name = "message_id", type = "STRING", mode = "NULLABLE", description = "Pub/Sub message id." },
        { name = "publish_time", type = "TIMESTAMP", mode = "NULLABLE", description = "When Pub/Sub accepted the message." },
        { name = "data", type = "BYTES", mode = "NULLABLE", description = "Message body as sent: UTF-8 JSON for events, the original bytes for quarantined messages." },
        { name = "attributes", type = "JSON", mode = "NULLABLE", description = "Message attributes (ce-* headers, processor, data_date, correlation_id)." },
      ])
      time_partitioning = { field = "publish_time", type = "DAY", expiration_days = var.archive_retention_days }
      clustering        = ["subscription_name"]
    },
  ]
  iam_members = {
    "pubsub-service-agent-writer" = { role = "roles/bigquery.dataEditor", member = "serviceAccount:${local.pubsub_service_agent}" }
    "backfill-orchestrator-reader" = { role = "roles/bigquery.dataViewer", member = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}" }
  }

  depends_on = [google_project_service.apis]
}

# The services' own tables. Partitions expire: runs, plans, alerts and bridge objects after
# var.state_retention_days; the idempotency ledger after var.processed_events_retention_days.
module "state_store" {
  source = "../../modules/bigquery-dataset"

  project_id  = var.project_id
  dataset_id  = "rebound_state"
  description = "Rebound services' own state: runs, idempotency ledger, repair plans, alerts, bridge objects."
  location    = var.bigquery_location
  labels      = var.labels
  tables = [
    {
      table_id    = "runs"
      description = "heartbeat-tracker: one row per processor run and its liveness."
      schema = jsonencode([
        { name = "run_id", type = "STRING", mode = "REQUIRED", description = "Processor run id." },
        { name = "processor", type = "STRING", mode = "REQUIRED", description = "Processor name." },
        { name = "data_date", type = "DATE", mode = "REQUIRED", description = "Date the run processes." },
        { name = "trigger", type = "STRING", mode = "NULLABLE", description = "scheduled, backfill, replay or manual." },
        { name = "status", type = "STRING", mode = "REQUIRED", description = "running, completed, failed or stuck." },
        { name = "started_at", type = "TIMESTAMP", mode = "NULLABLE", description = "From the started event." },
        { name = "last_heartbeat_at", type = "TIMESTAMP", mode = "NULLABLE", description = "Latest heartbeat." },
        { name = "heartbeat_interval_s", type = "INT64", mode = "NULLABLE", description = "Announced heartbeat interval." },
        { name = "progress_done", type = "INT64", mode = "NULLABLE", description = "Latest progress: done." },
        { name = "progress_total", type = "INT64", mode = "NULLABLE", description = "Latest progress: total." },
        { name = "finished_at", type = "TIMESTAMP", mode = "NULLABLE", description = "Completion, failure or stuck detection time." },
        { name = "failure_reason", type = "STRING", mode = "NULLABLE", description = "error, stuck, upstream_missing or timeout." },
        { name = "records_written", type = "INT64", mode = "NULLABLE", description = "From the completed event." },
        { name = "updated_at", type = "TIMESTAMP", mode = "REQUIRED", description = "Last change of the row." },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
      clustering        = ["processor", "status"]
    },
    {
      table_id    = "processed_events"
      description = "Every service: ce-ids already handled per consumer (idempotency ledger)."
      schema = jsonencode([
        { name = "consumer", type = "STRING", mode = "REQUIRED", description = "Service (consumer) that processed the event." },
        { name = "ce_id", type = "STRING", mode = "REQUIRED", description = "CloudEvents id of the event." },
        { name = "processed_at", type = "TIMESTAMP", mode = "REQUIRED", description = "When the work was durable." },
      ])
      time_partitioning = { field = "processed_at", type = "DAY", expiration_days = var.processed_events_retention_days }
      clustering        = ["consumer", "ce_id"]
    },
    {
      table_id    = "plans"
      description = "backfill-orchestrator: repair plans and their root cause."
      schema = jsonencode([
        { name = "plan_id", type = "STRING", mode = "REQUIRED", description = "Plan id." },
        { name = "processor", type = "STRING", mode = "REQUIRED", description = "Processor the plan repairs from." },
        { name = "data_date", type = "DATE", mode = "REQUIRED", description = "Date repaired." },
        { name = "status", type = "STRING", mode = "REQUIRED", description = "open, completed or abandoned." },
        { name = "reason", type = "STRING", mode = "NULLABLE", description = "What opened the plan (alert type, manual request)." },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE", description = "Ties the repair chain's events together." },
        { name = "root_cause", type = "JSON", mode = "NULLABLE", description = "The cascade that led to the plan." },
        { name = "deadline_at", type = "TIMESTAMP", mode = "NULLABLE", description = "Earliest affected tip-off: plans are worked in this order." },
        { name = "created_at", type = "TIMESTAMP", mode = "REQUIRED", description = "When the plan was created." },
        { name = "updated_at", type = "TIMESTAMP", mode = "REQUIRED", description = "Last change of the row." },
      ])
      time_partitioning = { field = "created_at", type = "DAY", expiration_days = var.state_retention_days }
      clustering        = ["status", "processor"]
    },
    {
      table_id    = "plan_steps"
      description = "backfill-orchestrator: the ordered steps of each plan and their attempts."
      schema = jsonencode([
        { name = "plan_id", type = "STRING", mode = "REQUIRED", description = "Plan the step belongs to." },
        { name = "step_index", type = "INT64", mode = "REQUIRED", description = "Position in the plan's order." },
        { name = "processor", type = "STRING", mode = "REQUIRED", description = "Processor to run." },
        { name = "data_date", type = "DATE", mode = "REQUIRED", description = "Date to run it for." },
        { name = "status", type = "STRING", mode = "REQUIRED", description = "pending, triggered, done, degraded or failed." },
        { name = "attempt", type = "INT64", mode = "REQUIRED", description = "Attempts so far." },
        { name = "next_attempt_at", type = "TIMESTAMP", mode = "NULLABLE", description = "Earliest next trigger (exponential backoff)." },
        { name = "triggered_at", type = "TIMESTAMP", mode = "NULLABLE", description = "Latest trigger." },
        { name = "done_at", type = "TIMESTAMP", mode = "NULLABLE", description = "When the step completed." },
        { name = "updated_at", type = "TIMESTAMP", mode = "REQUIRED", description = "Last change of the row." },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
      clustering        = ["plan_id"]
    },
    {
      table_id    = "alerts"
      description = "coverage-monitor: alerts seen on pipeline-alerts and their resolution (the dashboard's source)."
      schema = jsonencode([
        { name = "alert_id", type = "STRING", mode = "REQUIRED", description = "ce-id of the alert event." },
        { name = "ce_type", type = "STRING", mode = "REQUIRED", description = "Alert event type." },
        { name = "severity", type = "STRING", mode = "NULLABLE", description = "INFO, WARNING or CRITICAL." },
        { name = "processor", type = "STRING", mode = "NULLABLE", description = "Processor concerned, if any." },
        { name = "data_date", type = "DATE", mode = "NULLABLE", description = "Date concerned, if any." },
        { name = "game_id", type = "STRING", mode = "NULLABLE", description = "Game concerned, if any." },
        { name = "status", type = "STRING", mode = "REQUIRED", description = "open or resolved." },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE", description = "Repair chain the alert belongs to." },
        { name = "payload", type = "JSON", mode = "NULLABLE", description = "The alert's event data." },
        { name = "raised_at", type = "TIMESTAMP", mode = "REQUIRED", description = "When the alert was raised." },
        { name = "resolved_at", type = "TIMESTAMP", mode = "NULLABLE", description = "When it was resolved." },
      ])
      time_partitioning = { field = "raised_at", type = "DAY", expiration_days = var.state_retention_days }
      clustering        = ["status", "ce_type"]
    },
    {
      table_id    = "bridge_objects"
      description = "roster-watcher: Cloud Storage objects seen by the bridge and the scraper completion they were published in."
      schema = jsonencode([
        { name = "bucket", type = "STRING", mode = "REQUIRED", description = "Bucket of the object." },
        { name = "object_name", type = "STRING", mode = "REQUIRED", description = "Object name." },
        { name = "generation", type = "STRING", mode = "REQUIRED", description = "Object generation." },
        { name = "event_type", type = "STRING", mode = "REQUIRED", description = "OBJECT_FINALIZE or OBJECT_DELETE." },
        { name = "scraper", type = "STRING", mode = "NULLABLE", description = "Scraper the object belongs to (by path rule)." },
        { name = "data_date", type = "DATE", mode = "NULLABLE", description = "Date the object is for (by path rule)." },
        { name = "received_at", type = "TIMESTAMP", mode = "REQUIRED", description = "When the notification arrived." },
        { name = "published_at", type = "TIMESTAMP", mode = "NULLABLE", description = "When its scraper completion was published." },
        { name = "completion_ce_id", type = "STRING", mode = "NULLABLE", description = "ce-id of that scraper completion." },
      ])
      time_partitioning = { field = "received_at", type = "DAY", expiration_days = var.state_retention_days }
      clustering        = ["scraper"]
    },
  ]
  iam_members = {
    "heartbeat-tracker-editor"     = { role = "roles/bigquery.dataEditor", member = "serviceAccount:${module.identities.runtime_emails["heartbeat-tracker"]}" }
    "roster-watcher-editor"        = { role = "roles/bigquery.dataEditor", member = "serviceAccount:${module.identities.runtime_emails["roster-watcher"]}" }
    "coverage-monitor-editor"      = { role = "roles/bigquery.dataEditor", member = "serviceAccount:${module.identities.runtime_emails["coverage-monitor"]}" }
    "backfill-orchestrator-editor" = { role = "roles/bigquery.dataEditor", member = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}" }
  }

  depends_on = [google_project_service.apis]
}

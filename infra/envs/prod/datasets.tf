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

# The services' own tables, exactly the tables and columns each service creates locally from its
# rebound/schema.sql (tools/infra-check holds the two equal). Partitioned on each table's first required date or
# timestamp; partitions expire after var.state_retention_days, the idempotency ledger's after
# var.processed_events_retention_days. Tables without such a column (current-state lists) are not partitioned.
module "state_store" {
  source = "../../modules/bigquery-dataset"

  project_id  = var.project_id
  dataset_id  = "rebound_state"
  description = "Rebound services' own state: runs, idempotency ledger, repair plans, alerts, bridge objects."
  location    = var.bigquery_location
  labels      = var.labels
  tables = [
    {
      table_id    = "processed_events"
      description = "every service: Idempotency ledger: ce-ids a consumer has fully processed. Pruned after rebound.idempotency.retention."
      schema = jsonencode([
        { name = "consumer", type = "STRING", mode = "REQUIRED" },
        { name = "ce_id", type = "STRING", mode = "REQUIRED" },
        { name = "processed_at", type = "TIMESTAMP", mode = "REQUIRED" },
      ])
      time_partitioning = { field = "processed_at", type = "DAY", expiration_days = var.processed_events_retention_days }
    },
    {
      table_id    = "backfill_plans"
      description = "backfill-orchestrator: One row per repair plan; cause_chain is the JSON list of causes carried by every lifecycle event."
      schema = jsonencode([
        { name = "plan_id", type = "STRING", mode = "REQUIRED" },
        { name = "root_processor", type = "STRING", mode = "REQUIRED" },
        { name = "root_data_date", type = "DATE", mode = "REQUIRED" },
        { name = "reason", type = "STRING", mode = "REQUIRED" },
        { name = "status", type = "STRING", mode = "REQUIRED" },
        { name = "correlation_id", type = "STRING", mode = "REQUIRED" },
        { name = "created_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "earliest_tipoff_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "closed_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "close_reason", type = "STRING", mode = "NULLABLE" },
        { name = "cause_chain", type = "STRING", mode = "REQUIRED" },
      ])
      time_partitioning = { field = "root_data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "backfill_steps"
      description = "backfill-orchestrator: One row per step; attempts and triggered_at are written before the trigger is published."
      schema = jsonencode([
        { name = "plan_id", type = "STRING", mode = "REQUIRED" },
        { name = "step_id", type = "STRING", mode = "REQUIRED" },
        { name = "seq", type = "INT64", mode = "REQUIRED" },
        { name = "processor", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "depends_on", type = "STRING", mode = "REQUIRED" },
        { name = "state", type = "STRING", mode = "REQUIRED" },
        { name = "attempts", type = "INT64", mode = "REQUIRED" },
        { name = "triggered_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "next_attempt_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "done_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "degraded", type = "BOOL", mode = "REQUIRED" },
        { name = "upstream_coverage", type = "FLOAT64", mode = "NULLABLE" },
        { name = "followed_up", type = "BOOL", mode = "REQUIRED" },
        { name = "run_id", type = "STRING", mode = "NULLABLE" },
        { name = "detail", type = "STRING", mode = "NULLABLE" },
        { name = "superseded_run_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "backfill_runs"
      description = "backfill-orchestrator: What the orchestrator saw of each run: completion, failure, stuck verdict, late heartbeat, stale input, coverage."
      schema = jsonencode([
        { name = "processor", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "completed_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "run_id", type = "STRING", mode = "NULLABLE" },
        { name = "failed_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "broken_run_id", type = "STRING", mode = "NULLABLE" },
        { name = "failure_reason", type = "STRING", mode = "NULLABLE" },
        { name = "stuck_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "alive_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "stale_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "coverage", type = "FLOAT64", mode = "NULLABLE" },
        { name = "coverage_at", type = "TIMESTAMP", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "coverage_runs"
      description = "coverage-monitor: Processor runs seen on processor-completions, processor-failures and stuck alerts. One row per run; the status only moves up (stuck < failed < completed) so a redelivered or out-of-order event cannot undo a completion."
      schema = jsonencode([
        { name = "processor", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "run_id", type = "STRING", mode = "REQUIRED" },
        { name = "status", type = "STRING", mode = "REQUIRED" },
        { name = "status_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "records_written", type = "INT64", mode = "NULLABLE" },
        { name = "detail", type = "STRING", mode = "NULLABLE" },
        { name = "stuck_detail", type = "STRING", mode = "NULLABLE" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "coverage_roster_checks"
      description = "coverage-monitor: The latest roster verdict per check (pipeline.roster.stale / pipeline.roster.recovered), newest checked_at wins."
      schema = jsonencode([
        { name = "check_name", type = "STRING", mode = "REQUIRED" },
        { name = "checked_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "stale", type = "BOOL", mode = "REQUIRED" },
        { name = "severity", type = "STRING", mode = "NULLABLE" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "checked_at", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "coverage_roster_teams"
      description = "coverage-monitor: state table"
      schema = jsonencode([
        { name = "check_name", type = "STRING", mode = "REQUIRED" },
        { name = "team", type = "STRING", mode = "REQUIRED" },
        { name = "state", type = "STRING", mode = "REQUIRED" },
        { name = "latest_roster_date", type = "DATE", mode = "NULLABLE" },
        { name = "age_days", type = "INT64", mode = "NULLABLE" },
      ])
      time_partitioning = null
    },
    {
      table_id    = "coverage_pipeline_alerts"
      description = "coverage-monitor: Other pipeline alerts that explain gaps: input.stale and backfill.abandoned (and late heartbeats, for display)."
      schema = jsonencode([
        { name = "alert_key", type = "STRING", mode = "REQUIRED" },
        { name = "kind", type = "STRING", mode = "REQUIRED" },
        { name = "subject", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "NULLABLE" },
        { name = "severity", type = "STRING", mode = "NULLABLE" },
        { name = "detail", type = "STRING", mode = "NULLABLE" },
        { name = "detected_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "detected_at", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "coverage_plans"
      description = "coverage-monitor: Repair plans and their steps from backfill-events."
      schema = jsonencode([
        { name = "plan_id", type = "STRING", mode = "REQUIRED" },
        { name = "root_processor", type = "STRING", mode = "NULLABLE" },
        { name = "root_data_date", type = "DATE", mode = "NULLABLE" },
        { name = "reason", type = "STRING", mode = "NULLABLE" },
        { name = "state", type = "STRING", mode = "REQUIRED" },
        { name = "created_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "finished_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "detail", type = "STRING", mode = "NULLABLE" },
        { name = "earliest_tipoff_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = null
    },
    {
      table_id    = "coverage_plan_steps"
      description = "coverage-monitor: state table"
      schema = jsonencode([
        { name = "plan_id", type = "STRING", mode = "REQUIRED" },
        { name = "step_id", type = "STRING", mode = "REQUIRED" },
        { name = "processor", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "depends_on", type = "STRING", mode = "NULLABLE" },
        { name = "state", type = "STRING", mode = "REQUIRED" },
        { name = "attempt", type = "INT64", mode = "REQUIRED" },
        { name = "degraded", type = "BOOL", mode = "REQUIRED" },
        { name = "updated_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "detail", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "coverage_gap_alerts"
      description = "coverage-monitor: Gap alert state per (game date, game, phase): what was last announced. seq counts raises, so a gap that closes and opens again is a new alert; the outbox ids are derived from it."
      schema = jsonencode([
        { name = "game_date", type = "DATE", mode = "REQUIRED" },
        { name = "game_id", type = "STRING", mode = "REQUIRED" },
        { name = "phase", type = "STRING", mode = "REQUIRED" },
        { name = "state", type = "STRING", mode = "REQUIRED" },
        { name = "severity", type = "STRING", mode = "REQUIRED" },
        { name = "seq", type = "INT64", mode = "REQUIRED" },
        { name = "players", type = "INT64", mode = "REQUIRED" },
        { name = "min_players", type = "INT64", mode = "REQUIRED" },
        { name = "expected_players", type = "INT64", mode = "REQUIRED" },
        { name = "tipoff_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "home_team", type = "STRING", mode = "NULLABLE" },
        { name = "away_team", type = "STRING", mode = "NULLABLE" },
        { name = "raised_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "escalated_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "closed_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "updated_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "causes", type = "STRING", mode = "NULLABLE" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "game_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "coverage_outbox"
      description = "coverage-monitor: Outbox of events whose publication must happen exactly once per state change (gap alerts, resolutions, daily summaries). The id is deterministic and becomes the ce-id, so a republish after a crash is deduplicated downstream; published_at stays null until Pub/Sub accepted the mes..."
      schema = jsonencode([
        { name = "event_id", type = "STRING", mode = "REQUIRED" },
        { name = "ce_type", type = "STRING", mode = "REQUIRED" },
        { name = "payload", type = "STRING", mode = "REQUIRED" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
        { name = "created_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "published_at", type = "TIMESTAMP", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "created_at", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "heartbeat_runs"
      description = "heartbeat-tracker: One row per processor run. The lifecycle columns are written by the event handlers (optimistic concurrency on row_version); the stuck_* and *_published columns only by the sweep that won the verdict and by the publisher."
      schema = jsonencode([
        { name = "processor", type = "STRING", mode = "REQUIRED" },
        { name = "run_id", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "run_trigger", type = "STRING", mode = "NULLABLE" },
        { name = "backfill_id", type = "STRING", mode = "NULLABLE" },
        { name = "started_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "last_heartbeat_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "last_seen_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "heartbeat_interval_s", type = "INT64", mode = "REQUIRED" },
        { name = "interval_from_start", type = "BOOL", mode = "REQUIRED" },
        { name = "progress_done", type = "INT64", mode = "NULLABLE" },
        { name = "progress_total", type = "INT64", mode = "NULLABLE" },
        { name = "state", type = "STRING", mode = "REQUIRED" },
        { name = "ended_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "records_written", type = "INT64", mode = "NULLABLE" },
        { name = "failure_reason", type = "STRING", mode = "NULLABLE" },
        { name = "failure_message", type = "STRING", mode = "NULLABLE" },
        { name = "late_heartbeat_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "stuck_detected_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "stuck_last_seen_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "stuck_silent_for_s", type = "FLOAT64", mode = "NULLABLE" },
        { name = "stuck_threshold_s", type = "FLOAT64", mode = "NULLABLE" },
        { name = "stuck_correlation_id", type = "STRING", mode = "NULLABLE" },
        { name = "stuck_alert_published", type = "BOOL", mode = "REQUIRED" },
        { name = "stuck_failed_published", type = "BOOL", mode = "REQUIRED" },
        { name = "late_published", type = "BOOL", mode = "REQUIRED" },
        { name = "publish_claimed_until", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "row_version", type = "INT64", mode = "REQUIRED" },
        { name = "updated_at", type = "TIMESTAMP", mode = "REQUIRED" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "roster_bridge_objects"
      description = "roster-watcher: The bridge's durable record of every Cloud Storage object version that matched a scraper. One row per object generation: a redelivered or same-generation notification finds its row and records nothing new. batch_id is set when the row is claimed into a scraper completion (the comp..."
      schema = jsonencode([
        { name = "bucket", type = "STRING", mode = "REQUIRED" },
        { name = "object_name", type = "STRING", mode = "REQUIRED" },
        { name = "generation", type = "INT64", mode = "REQUIRED" },
        { name = "scraper", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "object_key", type = "STRING", mode = "REQUIRED" },
        { name = "event_time", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "received_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "batch_id", type = "STRING", mode = "NULLABLE" },
        { name = "batched_at", type = "TIMESTAMP", mode = "NULLABLE" },
        { name = "published_at", type = "TIMESTAMP", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "roster_bridge_input_alerts"
      description = "roster-watcher: Input-stale alerts already raised: one per scraper, data date and verdict (no_objects, incomplete)."
      schema = jsonencode([
        { name = "scraper", type = "STRING", mode = "REQUIRED" },
        { name = "data_date", type = "DATE", mode = "REQUIRED" },
        { name = "verdict", type = "STRING", mode = "REQUIRED" },
        { name = "objects_seen", type = "INT64", mode = "REQUIRED" },
        { name = "detected_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "event_id", type = "STRING", mode = "REQUIRED" },
      ])
      time_partitioning = { field = "data_date", type = "DAY", expiration_days = var.state_retention_days }
    },
    {
      table_id    = "roster_verdicts"
      description = "roster-watcher: The last published roster-freshness verdict per configured check, so the same verdict on the same data is never published twice in a row. fingerprint: a hash of the stale teams (with their latest dates) and missing teams."
      schema = jsonencode([
        { name = "check_name", type = "STRING", mode = "REQUIRED" },
        { name = "verdict", type = "STRING", mode = "REQUIRED" },
        { name = "fingerprint", type = "STRING", mode = "REQUIRED" },
        { name = "checked_at", type = "TIMESTAMP", mode = "REQUIRED" },
        { name = "stale_teams", type = "INT64", mode = "REQUIRED" },
        { name = "missing_teams", type = "INT64", mode = "REQUIRED" },
        { name = "correlation_id", type = "STRING", mode = "NULLABLE" },
        { name = "event_id", type = "STRING", mode = "NULLABLE" },
      ])
      time_partitioning = { field = "checked_at", type = "DAY", expiration_days = var.state_retention_days }
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

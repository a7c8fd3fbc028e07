# BigQuery is read-only for the services: they query the pipeline's datasets (dataViewer, main.tf) and this archive,
# and write nothing. Their own state is in Cloud SQL (database.tf).
#
# The event archive: one row per message of every topic, written only by the topics' BigQuery subscriptions with
# write_metadata (the standard column layout). Partitioned by publish day; a partition is dropped after
# var.archive_retention_days. The orchestrator's replay reads it back; the coverage-monitor's history views
# (timelines, topology, run history, coverage over time) read it too.
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
    "pubsub-service-agent-writer"  = { role = "roles/bigquery.dataEditor", member = "serviceAccount:${local.pubsub_service_agent}" }
    "backfill-orchestrator-reader" = { role = "roles/bigquery.dataViewer", member = "serviceAccount:${module.identities.runtime_emails["backfill-orchestrator"]}" }
    "coverage-monitor-reader"      = { role = "roles/bigquery.dataViewer", member = "serviceAccount:${module.identities.runtime_emails["coverage-monitor"]}" }
  }

  depends_on = [google_project_service.apis]
}

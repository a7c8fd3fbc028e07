# Paging: the services' alert log entries and Pub/Sub's own metrics become Cloud Monitoring incidents, sent to
# the on-call emails and the chat webhook, each with what to do (docs/runbook.md, docs/operations.md). The daily
# health summary reaches the same channels. tools/infra-check holds every policy to its documentation, its
# channels and the topic catalog's ce-types, and this list to every dead-letter hold subscription.
module "alerts" {
  source = "../../modules/monitoring-alerts"

  project_id           = var.project_id
  notification_emails  = var.alert_notification_emails
  chat_webhook_url     = var.alert_chat_webhook_url
  docs_base_url        = var.docs_base_url
  quarantine_topic     = module.topic_rebound_quarantine.topic_name
  quarantine_threshold = var.quarantine_alert_threshold
  labels               = var.labels
  dead_letter_subscriptions = [
    module.topic_processor_heartbeats.dead_letter_hold_subscription,
    module.topic_processor_completions.dead_letter_hold_subscription,
    module.topic_processor_failures.dead_letter_hold_subscription,
    module.topic_scraper_completions.dead_letter_hold_subscription,
    module.topic_gcs_object_notifications.dead_letter_hold_subscription,
    module.topic_processor_triggers.dead_letter_hold_subscription,
    module.topic_pipeline_alerts.dead_letter_hold_subscription,
    module.topic_coverage_reports.dead_letter_hold_subscription,
    module.topic_backfill_events.dead_letter_hold_subscription,
    module.topic_health_summaries.dead_letter_hold_subscription,
    module.topic_rebound_quarantine.dead_letter_hold_subscription,
  ]

  depends_on = [google_project_service.apis]
}

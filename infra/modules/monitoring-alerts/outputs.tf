output "notification_channel_ids" {
  description = "Resource names of the notification channels every policy notifies (the emails, then the chat webhook if configured)."
  value       = local.notification_channels
}

output "alert_policy_ids" {
  description = "Resource name of each alert policy, by incident class (and daily-summary)."
  value = {
    "incident"      = google_monitoring_alert_policy.incident.name
    "quarantine"    = google_monitoring_alert_policy.quarantine.name
    "dead-letter"   = google_monitoring_alert_policy.dead_letter.name
    "daily-summary" = google_monitoring_alert_policy.daily_summary.name
  }
}

output "topic_id" {
  description = "Full resource id of the topic (projects/P/topics/T)."
  value       = google_pubsub_topic.this.id
}

output "topic_name" {
  description = "Name of the topic."
  value       = google_pubsub_topic.this.name
}

output "push_subscription_names" {
  description = "Names of the push subscriptions."
  value       = [for s in google_pubsub_subscription.push : s.name]
}

output "pull_subscription_names" {
  description = "Names of the pull subscriptions."
  value       = [for s in google_pubsub_subscription.pull : s.name]
}

output "dead_letter_topic_id" {
  description = "Full resource id of the dead-letter topic, or null without dead-lettering."
  value       = var.dead_letter == null ? null : google_pubsub_topic.dead_letter[0].id
}

output "dead_letter_hold_subscription" {
  description = "Name of the pull subscription that keeps dead-lettered messages, or null without dead-lettering."
  value       = var.dead_letter == null ? null : google_pubsub_subscription.dead_letter_hold[0].name
}

output "archive_subscription" {
  description = "Name of the BigQuery archive subscription, or null without an archive."
  value       = var.archive == null ? null : google_pubsub_subscription.archive[var.archive.subscription].name
}

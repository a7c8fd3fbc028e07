output "notification_ids" {
  description = "Notification config id by bucket."
  value       = { for bucket, n in google_storage_notification.this : bucket => n.notification_id }
}

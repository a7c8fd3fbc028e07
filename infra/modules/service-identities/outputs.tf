output "runtime_emails" {
  description = "Runtime service account email by service name."
  value       = { for name, sa in google_service_account.runtime : name => sa.email }
}

output "push_invoker_emails" {
  description = "Push invoker service account email by service name."
  value       = { for name, sa in google_service_account.push_invoker : name => sa.email }
}

output "scheduler_email" {
  description = "Email of the account Cloud Scheduler jobs authenticate as."
  value       = google_service_account.scheduler.email
}

output "operator_email" {
  description = "Email of the account operators impersonate to call the services' operator endpoints."
  value       = google_service_account.operator.email
}

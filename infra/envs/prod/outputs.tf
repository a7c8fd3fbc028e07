output "service_urls" {
  description = "Deterministic Cloud Run URL of each service: push endpoint base, scheduler target, the audience of every identity token it accepts (REBOUND_HTTP_AUTH_AUDIENCE)."
  value       = local.service_urls
}

output "runtime_service_accounts" {
  description = "Runtime service account email by service: the serviceAccountName of its Cloud Run manifest."
  value       = module.identities.runtime_emails
}

output "database_connection_name" {
  description = "The state store's connection name (PROJECT:REGION:INSTANCE): REBOUND_CLOUD_SQL_INSTANCE of every Cloud Run manifest."
  value       = module.database.connection_name
}

output "database_users" {
  description = "Database user by service: REBOUND_DB_USER of its Cloud Run manifest, and the role deploy/cloudsql-bootstrap.sql grants to."
  value       = module.database.database_users
}

output "push_invoker_service_accounts" {
  description = "Push invoker service account email by service: REBOUND_HTTP_AUTH_PUSH_ACCOUNTS of its Cloud Run manifest."
  value       = module.identities.push_invoker_emails
}

output "image_repository" {
  description = "Artifact Registry path the deploy script pushes images to."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "alert_policies" {
  description = "Cloud Monitoring alert policy resource names by incident class (and daily-summary)."
  value       = module.alerts.alert_policy_ids
}

output "operator_service_account" {
  description = "The account the operators group impersonates (rebound --impersonate-service-account; REBOUND_HTTP_AUTH_OPERATOR_ACCOUNTS)."
  value       = module.identities.operator_email
}

output "dashboard_url" {
  description = "The dashboard behind Identity-Aware Proxy."
  value       = module.dashboard.url
}

output "dashboard_ip" {
  description = "Point the dashboard domain's DNS A record here; the managed certificate is issued once it resolves."
  value       = module.dashboard.ip_address
}

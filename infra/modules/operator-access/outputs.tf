output "operators_group" {
  description = "The IAM member granted operator access."
  value       = var.operators_group
}

output "operator_service_account_email" {
  description = "The account the operators impersonate (rebound --impersonate-service-account defaults to it)."
  value       = var.operator_service_account_email
}

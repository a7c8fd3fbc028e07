variable "project_id" {
  type        = string
  description = "Project in which the service accounts are created."
}

variable "account_prefix" {
  type        = string
  description = "Prefix of every service account id (ids are 6-30 characters: keep it short)."
  default     = "rb-"
}

variable "services" {
  type = map(object({
    push_invoker = optional(bool, true)
  }))
  description = "Cloud Run services by name. Each gets a runtime service account; push_invoker also creates the account its push subscriptions authenticate as."

  validation {
    condition     = alltrue([for name, _ in var.services : length(name) <= 22])
    error_message = "Service names must be at most 22 characters so that the service account ids fit in 30."
  }
}

variable "project_roles" {
  type        = list(string)
  description = "Project-level roles every runtime service account needs (BigQuery job creation, log and metric writing)."
  default     = ["roles/bigquery.jobUser", "roles/logging.logWriter", "roles/monitoring.metricWriter"]
}

variable "pubsub_service_agent_email" {
  type        = string
  description = "The project's Pub/Sub service agent: mints the OIDC tokens of push subscriptions, so it needs roles/iam.serviceAccountTokenCreator on each push invoker account."
}

variable "project_id" {
  type        = string
  description = "Project that runs Rebound: its services, topics, scheduler jobs and datasets."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run services, the scheduler jobs and the image repository."
  default     = "us-west2"
}

variable "bigquery_location" {
  type        = string
  description = "BigQuery location of Rebound's datasets; the same location as the pipeline's datasets, so one query can join them."
  default     = "US"
}

variable "pipeline_project_id" {
  type        = string
  description = "Project of the watched pipeline's datasets and scraper buckets; null means the Rebound project."
  default     = null
}

variable "pipeline_datasets" {
  type        = list(string)
  description = "The watched pipeline's BigQuery datasets that the services read to count coverage and input freshness (read only)."
  default     = ["nba_raw", "nba_analytics", "nba_predictions"]
}

variable "scraper_buckets" {
  type        = list(string)
  description = "Buckets the scrapers write to; their object notifications feed roster-watcher's bridge."
  default     = ["nba-scraped-data"]
}

variable "scraper_object_prefix" {
  type        = string
  description = "Only objects under this prefix of the scraper buckets are reported; null reports every object."
  default     = null
}

variable "archive_retention_days" {
  type        = number
  description = "Days a partition (one publish day) of the event archive is kept before BigQuery drops it."
  default     = 400
}

variable "database_tier" {
  type        = string
  description = "Machine type of the state store (Cloud SQL, ENTERPRISE edition): 2 vCPUs and 7.5 GB hold max_connections = 200 comfortably (docs/operations.md#connection-sizing)."
  default     = "db-custom-2-7680"
}

variable "labels" {
  type        = map(string)
  description = "Labels applied to every labelled resource."
  default     = { app = "rebound", env = "prod" }
}

variable "processor_publishers" {
  type        = list(string)
  description = "IAM members (e.g. serviceAccount:...) of the pipeline's processors: they publish run lifecycle events (started, heartbeat, completed, failed)."
  default     = []
}

variable "scraper_publishers" {
  type        = list(string)
  description = "IAM members of the pipeline's scrapers that publish their own completions (the bridge covers those that do not)."
  default     = []
}

variable "alert_notification_emails" {
  type        = list(string)
  description = "On-call email addresses paged by the alert policies and sent the daily health summary. No default: set it in terraform.tfvars (see infra/README.md) so paging never silently reaches nobody."
}

variable "alert_chat_webhook_url" {
  type        = string
  description = "Incoming-webhook URL of the on-call chat space that receives the same notifications; null for email only."
  default     = null
  sensitive   = true
}

variable "docs_base_url" {
  type        = string
  description = "Where the repository is browsable (e.g. https://github.com/ORG/rebound/blob/main), so the alert documentation links open; null keeps repository paths."
  default     = null
}

variable "quarantine_alert_threshold" {
  type        = number
  description = "Messages quarantined within 10 minutes above which the quarantine policy fires (one stray message does not page; a producer sending malformed events every minute does)."
  default     = 3
}

variable "operators_group" {
  type        = string
  description = "The on-call operators' Google group (group:oncall@example.com): they run the rebound CLI (as the operator account they may impersonate) and open the dashboard through IAP. No default: set it in terraform.tfvars."

  validation {
    condition     = startswith(var.operators_group, "group:")
    error_message = "operators_group must be a Google group (group:...), never a public principal."
  }
}

variable "dashboard_domain" {
  type        = string
  description = "Domain of the dashboard (e.g. rebound.example.com): its managed certificate is issued for it and its DNS A record points at the dashboard_ip output. No default: set it in terraform.tfvars."
}

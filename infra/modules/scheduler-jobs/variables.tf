variable "project_id" {
  type        = string
  description = "Project of the scheduler jobs."
}

variable "region" {
  type        = string
  description = "Region of the scheduler jobs (Cloud Scheduler location)."
}

variable "service_urls" {
  type        = map(string)
  description = "Cloud Run service URL by service name: target base and OIDC audience of each job."
}

variable "jobs" {
  type = list(object({
    name                       = string
    service                    = string
    path                       = string
    schedule                   = string
    time_zone                  = optional(string, "Etc/UTC")
    description                = optional(string, "")
    oidc_service_account_email = string
    attempt_deadline           = optional(string, "180s")
    retry_count                = optional(number, 3)
  }))
  description = "Periodic endpoints: each job POSTs to service_urls[service] + path on a five-field cron schedule, with an OIDC token of oidc_service_account_email (audience = the service URL)."
}

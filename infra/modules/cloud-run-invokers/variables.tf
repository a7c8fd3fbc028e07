variable "project_id" {
  type        = string
  description = "Project of the Cloud Run services."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run services."
}

variable "bindings" {
  type = list(object({
    service               = string
    caller                = string
    service_account_email = string
  }))
  description = "Who may call which Cloud Run service: one entry per (service, caller), where caller is a static label (e.g. \"push\", \"scheduler\") and service_account_email the identity that caller's OIDC token carries."

  validation {
    condition     = length(var.bindings) == length(distinct([for b in var.bindings : "${b.service}/${b.caller}"]))
    error_message = "Each (service, caller) pair may appear once: two identical IAM members would remove each other's grant on destroy."
  }
}

variable "project_id" {
  type        = string
  description = "Project of the Cloud Run services and of the operator account."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run services."
}

variable "operators_group" {
  type        = string
  description = "IAM member of the on-call operators, a Google group (group:oncall@example.com)."

  validation {
    condition     = startswith(var.operators_group, "group:")
    error_message = "operators_group must be a Google group (group:...), never a public principal."
  }
}

variable "operator_service_account_email" {
  type        = string
  description = "The account the operators impersonate; the services accept it on their operator endpoints."
}

variable "services" {
  type        = list(string)
  description = "The Cloud Run services whose URLs the operators may read (roles/run.viewer)."
}

variable "project_id" {
  type        = string
  description = "Project of the Cloud Run service and the load balancer."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service (its serverless NEG is regional)."
}

variable "name" {
  type        = string
  description = "Prefix of the load balancer's resources."
}

variable "service" {
  type        = string
  description = "The Cloud Run service behind the load balancer."
}

variable "domain" {
  type        = string
  description = "The domain people open (DNS A record to the ip_address output); the managed certificate is issued for it."
}

variable "accessors" {
  type        = map(string)
  description = "IAM members IAP lets through (roles/iap.httpsResourceAccessor), keyed by a static label; groups, never a public principal."
}

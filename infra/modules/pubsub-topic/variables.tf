variable "project_id" {
  type        = string
  description = "Project that holds the topic, its subscriptions and its dead-letter topic."
}

variable "topic" {
  type        = string
  description = "Name of the topic (as listed in the topic catalog)."
}

variable "labels" {
  type        = map(string)
  description = "Labels applied to every topic and subscription of this module."
  default     = {}
}

variable "topic_message_retention_duration" {
  type        = string
  description = "How long the topic itself keeps messages, so a new subscription can seek into the past. Null keeps none."
  default     = null
}

variable "publishers" {
  type        = map(string)
  description = "IAM members granted roles/pubsub.publisher on the topic, keyed by a static label (the publishing service)."
  default     = {}
}

variable "republishers" {
  type        = map(string)
  description = "IAM members, keyed by a static label, that re-publish to the topic for operators (replay, quarantine and dead-letter redrive) without being its publishers; granted roles/pubsub.publisher unless already a publisher."
  default     = {}
}

variable "service_urls" {
  type        = map(string)
  description = "Cloud Run service URL by service name: push endpoint base and OIDC audience of each push subscription."
  default     = {}
}

variable "push_path" {
  type        = string
  description = "Path of the push endpoint on every service."
  default     = "/pubsub/push"
}

variable "push_subscriptions" {
  type = list(object({
    name                       = string
    service                    = string
    oidc_service_account_email = optional(string)
    ack_deadline_seconds       = optional(number, 60)
    retain_acked_messages      = optional(bool, false)
    message_retention_duration = optional(string, "604800s")
    minimum_backoff            = optional(string, "10s")
    maximum_backoff            = optional(string, "600s")
    max_delivery_attempts      = optional(number, 10)
    filter                     = optional(string)
    replayers                  = optional(map(string), {})
  }))
  description = "Push subscriptions: each delivers to var.service_urls[service] + var.push_path with an OIDC token of its invoker service account (audience = the service URL). retain_acked_messages lets a replay seek back over acknowledged messages; replayers are IAM members (keyed by a static label) given roles/pubsub.subscriber so they can seek."
  default     = []
}

variable "pull_subscriptions" {
  type = list(object({
    name                       = string
    ack_deadline_seconds       = optional(number, 60)
    retain_acked_messages      = optional(bool, false)
    message_retention_duration = optional(string, "604800s")
    filter                     = optional(string)
    subscribers                = optional(map(string), {})
  }))
  description = "Pull subscriptions (held for operators or tools); subscribers are IAM members, keyed by a static label, given roles/pubsub.subscriber."
  default     = []
}

variable "dead_letter" {
  type = object({
    topic                      = string
    hold_subscription          = string
    max_delivery_attempts      = optional(number, 10)
    message_retention_duration = optional(string, "2678400s")
    subscribers                = optional(map(string), {})
  })
  description = "Dead-letter topic created beside the topic, with a pull subscription that holds what was dead-lettered (31 days by default); subscribers (IAM members keyed by a static label) may list and redrive it. Used by every push subscription and by the archive subscription. Null disables dead-lettering."
  default     = null
}

variable "archive" {
  type = object({
    subscription = string
    table_id     = string
  })
  description = "BigQuery subscription writing every message to the event archive table (project.dataset.table) with write_metadata. Null disables it."
  default     = null
}

variable "pubsub_service_agent_email" {
  type        = string
  description = "The project's Pub/Sub service agent (service-PROJECT_NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com): publishes to dead-letter topics and must be able to subscribe to the source subscriptions."
}

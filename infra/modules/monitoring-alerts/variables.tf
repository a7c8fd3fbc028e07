variable "project_id" {
  type        = string
  description = "Project whose Cloud Logging and Cloud Monitoring data the alert policies watch and where the notification channels live."
}

variable "notification_emails" {
  type        = list(string)
  description = "Email addresses paged by every policy and sent the daily health summary (the on-call rotation's list, not a person's inbox)."

  validation {
    condition     = length(var.notification_emails) > 0
    error_message = "At least one email address is needed: a policy that notifies nobody pages nobody."
  }

  validation {
    condition     = alltrue([for e in var.notification_emails : can(regex("^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$", e))])
    error_message = "Every entry of notification_emails must be an email address."
  }
}

variable "chat_webhook_url" {
  type        = string
  description = "Incoming-webhook URL of a chat tool (Google Chat space, Slack, ...) that receives the same notifications; null sends to email only. It usually carries a token, hence sensitive."
  default     = null
  sensitive   = true
}

variable "docs_base_url" {
  type        = string
  description = "URL under which the repository is browsable (e.g. https://github.com/ORG/rebound/blob/main): the policies' documentation links to <base>/docs/runbook.md#<section>. Null leaves repository-relative links (docs/runbook.md#<section>)."
  default     = null
}

variable "dead_letter_subscriptions" {
  type        = list(string)
  description = "Names of the dead-letter hold subscriptions (pubsub-topic's dead_letter_hold_subscription output, one per topic): any message waiting in one for 5 minutes pages."

  validation {
    condition     = length(var.dead_letter_subscriptions) > 0
    error_message = "The dead-letter policy needs at least one hold subscription to watch."
  }
}

variable "quarantine_topic" {
  type        = string
  description = "Name of the topic the services quarantine undecodable or invalid messages to (pubsub-topic's topic_name output)."
}

variable "quarantine_threshold" {
  type        = number
  description = "Quarantined messages (publish operations) within 10 minutes above which the quarantine policy fires."
  default     = 3
}

variable "outbox_age_threshold_s" {
  type        = number
  description = "Age in seconds of a service's oldest unsent outbox row above which the outbox policy fires (rows normally leave within a second)."
  default     = 300

  validation {
    condition     = var.outbox_age_threshold_s >= 60
    error_message = "outbox_age_threshold_s below 60 s would page on ordinary publish retries."
  }
}

variable "heartbeat_lag_threshold_s" {
  type        = number
  description = "Age in seconds of the newest heartbeat canary delivered back to heartbeat-tracker above which the stalled-heartbeat-stream policy fires (normally one sweep, 10 s, plus push latency). While the stream is this late, stuck detection judges silence only up to the stall."
  default     = 180

  validation {
    condition     = var.heartbeat_lag_threshold_s >= 60
    error_message = "heartbeat_lag_threshold_s below 60 s would page on ordinary push latency and restarts."
  }
}

variable "incident_auto_close" {
  type        = string
  description = "How long an incident stays open without a new matching log entry or breaching data before it closes itself (at least 1800s for log-based policies)."
  default     = "21600s"
}

variable "labels" {
  type        = map(string)
  description = "User labels applied to every alert policy and notification channel, beside each policy's severity and incident_class."
  default     = {}
}

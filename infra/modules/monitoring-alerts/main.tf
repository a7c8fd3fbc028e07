locals {
  notification_channels = concat(
    [for email in var.notification_emails : google_monitoring_notification_channel.email[email].name],
    google_monitoring_notification_channel.chat[*].name,
  )

  # Documentation is markdown; links read as repository paths and open when docs_base_url is set.
  docs_url = var.docs_base_url == null ? "docs" : "${trimsuffix(var.docs_base_url, "/")}/docs"

  # Log-based policies open one incident per matching entry; five minutes is the shortest rate limit Cloud
  # Monitoring allows, so a second pipeline incident a minute later is still announced soon after.
  log_notification_period = "300s"
}

resource "google_monitoring_notification_channel" "email" {
  for_each = toset(var.notification_emails)

  project      = var.project_id
  display_name = "Rebound on-call: ${each.value}"
  type         = "email"
  user_labels  = var.labels
  labels = {
    email_address = each.value
  }
}

resource "google_monitoring_notification_channel" "chat" {
  count = var.chat_webhook_url == null ? 0 : 1

  project      = var.project_id
  display_name = "Rebound on-call chat"
  type         = "webhook_tokenauth"
  user_labels  = var.labels
  labels = {
    url = var.chat_webhook_url
  }
}

# The services log every alert they publish once, at the alert's severity, as Cloud Logging structured JSON
# (service-runtime's CloudLoggingFormatter): severity, jsonPayload.message, the trace, and the entry's labels
# service, ce_type, processor, data_date, game_id, correlation_id (logging.googleapis.com/labels, so LogEntry
# labels.<name>). The log-based policies below match those entries, so a page needs no extra service: the alert
# event itself is the trigger. tools/infra-check holds the filters to the labels the formatter writes.

# Pipeline verdicts page as incidents, not one by one: coverage-monitor groups every alert (stuck run, stale input
# or roster, coverage gap, abandoned repair) into one incident per root cause and publishes its lifecycle on
# pipeline-alerts. Only an incident's opening and its escalation page, and only at CRITICAL: a second symptom of the
# same cause, a verdict repeated while its repair is in flight, or a cause back within the reopen window is an
# update (pipeline.incident.updated.v1), visible on the dashboard and in `rebound incidents`, never a page.
resource "google_monitoring_alert_policy" "incident" {
  project      = var.project_id
  display_name = "Rebound: pipeline incident"
  combiner     = "OR"
  severity     = "CRITICAL"
  user_labels  = merge(var.labels, { severity = "critical", incident_class = "incident" })

  conditions {
    display_name = "pipeline.incident.opened.v1 or pipeline.incident.escalated.v1 logged at CRITICAL"
    condition_matched_log {
      filter = <<-EOT
        labels.ce_type=("pipeline.incident.opened.v1" OR "pipeline.incident.escalated.v1") AND severity>=CRITICAL
      EOT
      label_extractors = {
        ce_type        = "EXTRACT(labels.ce_type)"
        correlation_id = "EXTRACT(labels.correlation_id)"
        message        = "EXTRACT(jsonPayload.message)"
      }
    }
  }

  notification_channels = local.notification_channels

  alert_strategy {
    notification_rate_limit {
      period = local.log_notification_period
    }
    auto_close = var.incident_auto_close
  }

  documentation {
    subject   = "[CRITICAL] Rebound: $${log.extracted_label.message}"
    mime_type = "text/markdown"
    content   = <<-EOT
      **A pipeline incident opened or escalated to critical.** $${log.extracted_label.message}

      The message names the incident, its root cause (`processor:<name>` for a stuck, failing or unrepairable
      run; `scraper:<name>` for an input that did not land or is stale) and how many of its alerts still stand.
      Everything with the same root cause joins this incident without paging again.

      What to do:
      1. `rebound incidents` (or the dashboard's Incidents panel): the incident with its alerts inside.
      2. Follow the runbook section of its root cause: a stuck run, a stale input, a coverage gap at the
         deadline or an abandoned repair. Filter the logs on
         `labels.correlation_id="$${log.extracted_label.correlation_id}"` for the whole chain.
      3. Nothing to do when `pipeline.incident.resolved.v1` follows before the deadline.

      Runbook: [docs/runbook.md#incident](${local.docs_url}/runbook.md#incident) ·
      what pages and why: [docs/operations.md](${local.docs_url}/operations.md)
    EOT
  }
}

# Measured on the Pub/Sub side (publishes to the quarantine topic) rather than on the services'
# rebound_events_quarantined_total counter: Pub/Sub's own metric keeps working when a service's metrics
# pipeline (scrape, sidecar, exporter) is down, which is exactly when malformed input may go unnoticed. It counts
# publish operations; the services publish each quarantined message on its own, so it counts messages.
resource "google_monitoring_alert_policy" "quarantine" {
  project      = var.project_id
  display_name = "Rebound: quarantined messages growing"
  combiner     = "OR"
  severity     = "WARNING"
  user_labels  = merge(var.labels, { severity = "warning", incident_class = "quarantine" })

  conditions {
    display_name = "more than ${var.quarantine_threshold} messages quarantined in 10 minutes"
    condition_threshold {
      filter          = <<-EOT
        resource.type="pubsub_topic" AND resource.label.topic_id="${var.quarantine_topic}" AND metric.type="pubsub.googleapis.com/topic/send_message_operation_count" AND metric.label.response_code="success"
      EOT
      comparison      = "COMPARISON_GT"
      threshold_value = var.quarantine_threshold
      duration        = "0s"

      aggregations {
        alignment_period     = "600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.topic_id"]
      }

      trigger {
        count = 1
      }
    }
  }

  notification_channels = local.notification_channels

  alert_strategy {
    auto_close = var.incident_auto_close
  }

  documentation {
    subject   = "[WARNING] Rebound: messages are being quarantined"
    mime_type = "text/markdown"
    content   = <<-EOT
      **Messages that could not be decoded or validated are being quarantined faster than usual**
      (more than ${var.quarantine_threshold} in 10 minutes on `${var.quarantine_topic}`).

      Nothing is lost and nothing loops: each message was acknowledged and parked with its reason. But an
      event Rebound cannot read is an event it cannot act on; a processor sending malformed heartbeats is
      invisible to stuck detection.

      What to do:
      1. Pull a few from `${var.quarantine_topic}--hold` (reason and original bytes in the message) or query
         the archive table for `${var.quarantine_topic}--archive`.
      2. Find the producer (`ce-source`, the `service` that quarantined it) and fix it against docs/events.md.
      3. Once fixed, replay the parked messages through the orchestrator's replay if they still matter.

      Runbook: [docs/runbook.md#quarantine](${local.docs_url}/runbook.md#quarantine) ·
      [docs/operations.md](${local.docs_url}/operations.md)
    EOT
  }
}

# Every topic's dead-letter topic is held by one pull subscription (pubsub-topic module). A message there has
# failed every delivery attempt to a Rebound service or to the event archive.
# Each service relays its outbox in-process (service-runtime's OutboxRelayWorker) and exports the age of its oldest
# unsent row as rebound_outbox_oldest_age_seconds; Managed Prometheus writes it as the series below. Rows normally
# leave within a second; one that stays means the service's events (alerts, repair triggers) are not reaching Pub/Sub.
resource "google_monitoring_alert_policy" "outbox_stalled" {
  project      = var.project_id
  display_name = "Rebound: events stuck in a service's outbox"
  combiner     = "OR"
  severity     = "CRITICAL"
  user_labels  = merge(var.labels, { severity = "critical", incident_class = "outbox-stalled" })

  conditions {
    display_name = "oldest unsent outbox row older than ${var.outbox_age_threshold_s} s for 5 minutes"
    condition_threshold {
      filter          = <<-EOT
        resource.type="prometheus_target" AND metric.type="prometheus.googleapis.com/rebound_outbox_oldest_age_seconds/gauge"
      EOT
      comparison      = "COMPARISON_GT"
      threshold_value = var.outbox_age_threshold_s
      duration        = "300s"

      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_MAX"
        cross_series_reducer = "REDUCE_MAX"
        group_by_fields      = ["metric.label.service"]
      }

      trigger {
        count = 1
      }
    }
  }

  notification_channels = local.notification_channels

  alert_strategy {
    auto_close = var.incident_auto_close
  }

  documentation {
    subject   = "[CRITICAL] Rebound: $${metric.label.service} cannot publish its events"
    mime_type = "text/markdown"
    content   = <<-EOT
      **$${metric.label.service} has events it committed but could not publish for more than
      ${var.outbox_age_threshold_s} s.** Its alerts, repair triggers or coverage events are waiting in its
      outbox table; nothing is lost (the relay keeps retrying with backoff and publishes them with their
      original ce-ids), but the rest of the mesh does not hear about them until they leave.

      What to do:
      1. Read the service's logs for `Publishing outbox event ... failed`: the error names the topic and the
         cause (permission denied, topic not found, Pub/Sub unavailable).
      2. Permission denied: the service account lost `roles/pubsub.publisher` on that topic — re-apply
         Terraform. Topic not found: the topic was deleted or renamed — re-apply Terraform.
      3. Pub/Sub itself unavailable: check the Google Cloud status page; the backlog drains by itself after.
      4. `./rebound status` shows each service's outbox backlog and oldest age while you fix it.

      Runbook: [docs/runbook.md#outbox-stalled](${local.docs_url}/runbook.md#outbox-stalled) ·
      [docs/operations.md](${local.docs_url}/operations.md)
    EOT
  }
}

# heartbeat-tracker sends itself a canary through processor-heartbeats every sweep and exports how long ago the
# newest one delivered back was sent as rebound_heartbeat_delivery_lag_seconds. While it is high, heartbeats are not
# reaching the tracker: it holds its stuck verdicts (judging silence only up to the stall) instead of declaring every
# live run stuck, so a hung run is not detected either until the stream flows again. That is what this pages on.
resource "google_monitoring_alert_policy" "heartbeat_stream_stalled" {
  project      = var.project_id
  display_name = "Rebound: heartbeats are not reaching heartbeat-tracker"
  combiner     = "OR"
  severity     = "CRITICAL"
  user_labels  = merge(var.labels, { severity = "critical", incident_class = "heartbeat-stream-stalled" })

  conditions {
    display_name = "newest heartbeat canary back older than ${var.heartbeat_lag_threshold_s} s for 2 minutes"
    condition_threshold {
      filter          = <<-EOT
        resource.type="prometheus_target" AND metric.type="prometheus.googleapis.com/rebound_heartbeat_delivery_lag_seconds/gauge"
      EOT
      comparison      = "COMPARISON_GT"
      threshold_value = var.heartbeat_lag_threshold_s
      duration        = "120s"

      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_MIN"
        cross_series_reducer = "REDUCE_MIN"
        group_by_fields      = ["metric.label.service"]
      }

      trigger {
        count = 1
      }
    }
  }

  notification_channels = local.notification_channels

  alert_strategy {
    auto_close = var.incident_auto_close
  }

  documentation {
    subject   = "[CRITICAL] Rebound: heartbeats are not reaching heartbeat-tracker"
    mime_type = "text/markdown"
    content   = <<-EOT
      **heartbeat-tracker has not received its own canary through `processor-heartbeats` for more than
      ${var.heartbeat_lag_threshold_s} s.** Processors' heartbeats are not reaching it either. It holds its
      stuck verdicts meanwhile (a run is declared stuck only if it was silent past its threshold before the
      stall), so live runs are not re-run by mistake, but a run that hangs now is not detected until the stream
      flows again.

      What to do:
      1. `./rebound status`: is heartbeat-tracker ready, and is its state store (Cloud SQL) up?
      2. Subscription `heartbeat-tracker--processor-heartbeats`: a growing backlog or push errors (5xx, 401)
         in its metrics, or a push endpoint that changed. A 401 means the push invoker account or audience is
         wrong (`infra/README.md`).
      3. heartbeat-tracker's logs: `Heartbeat stream late` says since when; `Heartbeat canary not published`
         means it cannot publish to `processor-heartbeats` (permission or Pub/Sub itself).
      4. Once it flows, the backlog drains and verdicts resume by themselves; nothing to replay.

      Runbook: [docs/runbook.md#heartbeat-stream-stalled](${local.docs_url}/runbook.md#heartbeat-stream-stalled) ·
      [docs/operations.md](${local.docs_url}/operations.md)
    EOT
  }
}

resource "google_monitoring_alert_policy" "dead_letter" {
  project      = var.project_id
  display_name = "Rebound: dead-lettered messages waiting"
  combiner     = "OR"
  severity     = "ERROR"
  user_labels  = merge(var.labels, { severity = "error", incident_class = "dead-letter" })

  conditions {
    display_name = "undelivered messages in a dead-letter hold subscription for 5 minutes"
    condition_threshold {
      filter          = <<-EOT
        resource.type="pubsub_subscription" AND metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.label.subscription_id=one_of(${join(", ", formatlist("\"%s\"", var.dead_letter_subscriptions))})
      EOT
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "300s"

      # One time series, and one incident, per hold subscription: the incident names the topic that failed.
      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }

      trigger {
        count = 1
      }
    }
  }

  notification_channels = local.notification_channels

  alert_strategy {
    auto_close = var.incident_auto_close
  }

  documentation {
    subject   = "[ERROR] Rebound: dead-lettered messages in $${resource.label.subscription_id}"
    mime_type = "text/markdown"
    content   = <<-EOT
      **Messages exhausted their delivery attempts (10, with backoff up to 10 minutes) and were moved to
      `$${resource.label.subscription_id}`.** The consumer kept answering with an error, timed out, or
      rejected the push token; or the event archive could not write them.

      Nothing is lost: the hold subscription keeps them 31 days, acknowledged ones included.

      What to do:
      1. Look at the consumer's logs around the first dead-lettered message (5xx, 401, timeouts); a 401 means
         the push invoker account or audience is wrong (infra/README.md).
      2. Fix the consumer, then replay the held messages through the orchestrator's replay.
      3. Acknowledge them on the hold subscription to close the incident.

      Runbook: [docs/runbook.md#dead-letter](${local.docs_url}/runbook.md#dead-letter) ·
      [docs/operations.md](${local.docs_url}/operations.md)
    EOT
  }
}

# The daily health summary, delivered through the same channels. coverage-monitor publishes it on
# health-summaries and logs it once (INFO, or WARNING when the day had gaps) with the rendered text in
# jsonPayload.message; matching that entry sends it with no notifier service to run. The rate limit absorbs a
# retried run within the hour and never reaches the next day's summary; the incident closes after the 30-minute
# minimum, so it never sits open.
resource "google_monitoring_alert_policy" "daily_summary" {
  project      = var.project_id
  display_name = "Rebound: daily pipeline health summary"
  combiner     = "OR"
  user_labels  = merge(var.labels, { severity = "info", incident_class = "daily-summary" })

  conditions {
    display_name = "rebound.health.daily_summary.v1 logged"
    condition_matched_log {
      filter = <<-EOT
        labels.ce_type="rebound.health.daily_summary.v1"
      EOT
      label_extractors = {
        data_date = "EXTRACT(labels.data_date)"
        summary   = "EXTRACT(jsonPayload.message)"
      }
    }
  }

  notification_channels = local.notification_channels

  alert_strategy {
    notification_rate_limit {
      period = "3600s"
    }
    auto_close = "1800s"
  }

  documentation {
    subject   = "Rebound daily health summary $${log.extracted_label.data_date}"
    mime_type = "text/markdown"
    content   = <<-EOT
      **This is the daily pipeline health summary, not an incident.** Nothing needs doing unless it lists
      gaps, stuck runs or abandoned plans that have not been resolved.

      $${log.extracted_label.summary}

      The full summary is the log entry linked from this notification, the `health-summaries--hold`
      subscription, and coverage-monitor's dashboard. How to read it:
      [docs/operations.md#daily-health-summary](${local.docs_url}/operations.md#daily-health-summary)
    EOT
  }
}

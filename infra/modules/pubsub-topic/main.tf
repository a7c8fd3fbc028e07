locals {
  push_subscriptions = { for s in var.push_subscriptions : s.name => s }
  pull_subscriptions = { for s in var.pull_subscriptions : s.name => s }

  # Subscriptions whose undeliverable messages go to the dead-letter topic: the service agent must be able to
  # acknowledge them there, or forwarding silently stops.
  dead_lettered_subscriptions = var.dead_letter == null ? {} : merge(
    { for name, s in google_pubsub_subscription.push : name => s.id },
    { for name, s in google_pubsub_subscription.archive : name => s.id },
  )

  replay_grants = merge([
    for s in var.push_subscriptions : { for label, member in s.replayers : "${s.name}/${label}" => { subscription = s.name, member = member } }
  ]...)

  # A republisher that already publishes here holds the grant: a second identical member would remove it on destroy.
  republish_grants = { for label, member in var.republishers : label => member if !contains(values(var.publishers), member) }

  dead_letter_readers = var.dead_letter == null ? {} : var.dead_letter.subscribers

  pull_grants = merge([
    for s in var.pull_subscriptions : { for label, member in s.subscribers : "${s.name}/${label}" => { subscription = s.name, member = member } }
  ]...)
}

resource "google_pubsub_topic" "this" {
  project                    = var.project_id
  name                       = var.topic
  labels                     = var.labels
  message_retention_duration = var.topic_message_retention_duration
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = var.publishers

  project = var.project_id
  topic   = google_pubsub_topic.this.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}

resource "google_pubsub_topic_iam_member" "republisher" {
  for_each = local.republish_grants

  project = var.project_id
  topic   = google_pubsub_topic.this.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}

resource "google_pubsub_topic" "dead_letter" {
  count = var.dead_letter == null ? 0 : 1

  project = var.project_id
  name    = var.dead_letter.topic
  labels  = merge(var.labels, { dead_letter_for = var.topic })
}

# Nothing dead-lettered is lost: the hold subscription keeps it for an operator or a replay.
resource "google_pubsub_subscription" "dead_letter_hold" {
  count = var.dead_letter == null ? 0 : 1

  project                    = var.project_id
  name                       = var.dead_letter.hold_subscription
  topic                      = google_pubsub_topic.dead_letter[0].id
  labels                     = var.labels
  ack_deadline_seconds       = 60
  message_retention_duration = var.dead_letter.message_retention_duration
  retain_acked_messages      = true

  expiration_policy {
    ttl = ""
  }
}

# Operators list and redrive what is held (through the replayer's dead-letter endpoints).
resource "google_pubsub_subscription_iam_member" "dead_letter_reader" {
  for_each = local.dead_letter_readers

  project      = var.project_id
  subscription = google_pubsub_subscription.dead_letter_hold[0].name
  role         = "roles/pubsub.subscriber"
  member       = each.value
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  count = var.dead_letter == null ? 0 : 1

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[0].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${var.pubsub_service_agent_email}"
}

resource "google_pubsub_subscription" "push" {
  for_each = local.push_subscriptions

  project                    = var.project_id
  name                       = each.key
  topic                      = google_pubsub_topic.this.id
  labels                     = merge(var.labels, { consumer = each.value.service })
  ack_deadline_seconds       = each.value.ack_deadline_seconds
  retain_acked_messages      = each.value.retain_acked_messages
  message_retention_duration = each.value.message_retention_duration
  filter                     = each.value.filter

  push_config {
    push_endpoint = "${var.service_urls[each.value.service]}${var.push_path}"

    dynamic "oidc_token" {
      for_each = each.value.oidc_service_account_email == null ? [] : [each.value.oidc_service_account_email]
      content {
        service_account_email = oidc_token.value
        audience              = var.service_urls[each.value.service]
      }
    }
  }

  retry_policy {
    minimum_backoff = each.value.minimum_backoff
    maximum_backoff = each.value.maximum_backoff
  }

  dynamic "dead_letter_policy" {
    for_each = var.dead_letter == null ? [] : [var.dead_letter]
    content {
      dead_letter_topic     = google_pubsub_topic.dead_letter[0].id
      max_delivery_attempts = min(each.value.max_delivery_attempts, dead_letter_policy.value.max_delivery_attempts)
    }
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_publisher]
}

resource "google_pubsub_subscription_iam_member" "replayer" {
  for_each = local.replay_grants

  project      = var.project_id
  subscription = google_pubsub_subscription.push[each.value.subscription].name
  role         = "roles/pubsub.subscriber"
  member       = each.value.member
}

resource "google_pubsub_subscription" "pull" {
  for_each = local.pull_subscriptions

  project                    = var.project_id
  name                       = each.key
  topic                      = google_pubsub_topic.this.id
  labels                     = var.labels
  ack_deadline_seconds       = each.value.ack_deadline_seconds
  retain_acked_messages      = each.value.retain_acked_messages
  message_retention_duration = each.value.message_retention_duration
  filter                     = each.value.filter

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription_iam_member" "pull_subscriber" {
  for_each = local.pull_grants

  project      = var.project_id
  subscription = google_pubsub_subscription.pull[each.value.subscription].name
  role         = "roles/pubsub.subscriber"
  member       = each.value.member
}

# The event archive: every message of the topic, with its metadata, as one row of the archive table.
resource "google_pubsub_subscription" "archive" {
  for_each = var.archive == null ? {} : { (var.archive.subscription) = var.archive }

  project = var.project_id
  name    = each.key
  topic   = google_pubsub_topic.this.id
  labels  = var.labels

  bigquery_config {
    table            = each.value.table_id
    use_topic_schema = false
    write_metadata   = true
  }

  dynamic "dead_letter_policy" {
    for_each = var.dead_letter == null ? [] : [var.dead_letter]
    content {
      dead_letter_topic     = google_pubsub_topic.dead_letter[0].id
      max_delivery_attempts = dead_letter_policy.value.max_delivery_attempts
    }
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_publisher]
}

# Dead-letter forwarding acknowledges the message on the source subscription as the service agent.
resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each = local.dead_lettered_subscriptions

  project      = var.project_id
  subscription = each.value
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${var.pubsub_service_agent_email}"
}

data "google_storage_project_service_account" "gcs" {
  project = var.bucket_project_id
}

resource "google_pubsub_topic_iam_member" "gcs_publisher" {
  topic  = var.topic_id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_storage_notification" "this" {
  for_each = toset(var.buckets)

  bucket             = each.key
  topic              = var.topic_id
  payload_format     = "JSON_API_V1"
  event_types        = var.event_types
  object_name_prefix = var.object_name_prefix

  depends_on = [google_pubsub_topic_iam_member.gcs_publisher]
}

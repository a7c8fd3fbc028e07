resource "google_cloud_scheduler_job" "this" {
  for_each = { for j in var.jobs : j.name => j }

  project          = var.project_id
  region           = var.region
  name             = each.key
  description      = each.value.description
  schedule         = each.value.schedule
  time_zone        = each.value.time_zone
  attempt_deadline = each.value.attempt_deadline

  retry_config {
    retry_count          = each.value.retry_count
    min_backoff_duration = "10s"
    max_backoff_duration = "120s"
  }

  http_target {
    http_method = "POST"
    uri         = "${var.service_urls[each.value.service]}${each.value.path}"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode("{}")

    oidc_token {
      service_account_email = each.value.oidc_service_account_email
      audience              = var.service_urls[each.value.service]
    }
  }
}

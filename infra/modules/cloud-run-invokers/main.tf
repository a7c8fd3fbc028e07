# roles/run.invoker exactly where a push subscription or a scheduler job calls a service, and nowhere else.
resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = { for b in var.bindings : "${b.service}/${b.caller}" => b }

  project  = var.project_id
  location = var.region
  name     = each.value.service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${each.value.service_account_email}"
}

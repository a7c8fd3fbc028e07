# What the operators group needs for the rebound CLI, and nothing more: read the services' URLs from the Cloud Run
# admin API, and mint identity tokens as the operator account (which alone holds roles/run.invoker for people, via
# modules/cloud-run-invokers, and is the one account the services accept on their operator endpoints).
resource "google_service_account_iam_member" "operators_mint_tokens" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${var.operator_service_account_email}"
  role               = "roles/iam.serviceAccountOpenIdTokenCreator"
  member             = var.operators_group
}

resource "google_cloud_run_v2_service_iam_member" "operators_view" {
  for_each = toset(var.services)

  project  = var.project_id
  location = var.region
  name     = each.value
  role     = "roles/run.viewer"
  member   = var.operators_group
}

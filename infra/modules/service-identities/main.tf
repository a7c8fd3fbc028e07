locals {
  push_invokers = { for name, s in var.services : name => s if s.push_invoker }

  project_grants = merge([
    for name, _ in var.services : { for role in var.project_roles : "${name}/${role}" => { service = name, role = role } }
  ]...)
}

resource "google_service_account" "runtime" {
  for_each = var.services

  project      = var.project_id
  account_id   = "${var.account_prefix}${each.key}"
  display_name = "Rebound ${each.key} (runtime)"
  description  = "Identity the ${each.key} Cloud Run service runs as."
}

resource "google_project_iam_member" "runtime" {
  for_each = local.project_grants

  project = var.project_id
  role    = each.value.role
  member  = "serviceAccount:${google_service_account.runtime[each.value.service].email}"
}

# One invoker account per service: its push subscriptions present its OIDC token, and the service accepts
# pushes only from the accounts it is configured with.
resource "google_service_account" "push_invoker" {
  for_each = local.push_invokers

  project      = var.project_id
  account_id   = "${var.account_prefix}${each.key}-push"
  display_name = "Rebound ${each.key} (push invoker)"
  description  = "Pub/Sub push subscriptions to ${each.key} authenticate as this account."
}

resource "google_service_account_iam_member" "push_token_creator" {
  for_each = local.push_invokers

  service_account_id = google_service_account.push_invoker[each.key].name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${var.pubsub_service_agent_email}"
}

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "${var.account_prefix}scheduler"
  display_name = "Rebound Cloud Scheduler"
  description  = "Cloud Scheduler jobs call the services' periodic endpoints as this account."
}

# The operators' identity on the services' operator API: the operators group impersonates it to mint identity
# tokens for a service URL (infra/modules/operator-access), and the services accept exactly it as an operator.
resource "google_service_account" "operator" {
  project      = var.project_id
  account_id   = "${var.account_prefix}operator"
  display_name = "Rebound operator"
  description  = "The rebound CLI calls the services' operator endpoints as this account, impersonated by the operators group."
}

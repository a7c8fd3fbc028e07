# Metrics to Cloud Monitoring. Every Cloud Run service runs Google's Managed Service for Prometheus sidecar (container
# "collector" in deploy/*.service.yaml), which scrapes the service's /q/metrics as deploy/run-monitoring.yaml says and
# writes prometheus.googleapis.com/<metric>/<kind> series (the runtime accounts hold roles/monitoring.metricWriter).
# The sidecar reads that configuration from this secret, mounted at /etc/rungmp/config.yaml.

resource "google_secret_manager_secret" "run_monitoring" {
  project   = var.project_id
  secret_id = "rebound-run-monitoring"
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "run_monitoring" {
  secret      = google_secret_manager_secret.run_monitoring.id
  secret_data = file("${path.module}/../../../deploy/run-monitoring.yaml")
}

# Each service's runtime account reads the configuration when an instance starts.
resource "google_secret_manager_secret_iam_member" "run_monitoring_reader" {
  for_each = toset(local.services)

  project   = var.project_id
  secret_id = google_secret_manager_secret.run_monitoring.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${module.identities.runtime_emails[each.key]}"
}

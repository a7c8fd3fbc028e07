locals {
  # Cloud SQL names a service account's database user after its email without the ".gserviceaccount.com" suffix.
  database_users = { for name, email in var.service_accounts : name => trimsuffix(email, ".gserviceaccount.com") }

  # The client grants hold on this instance only (IAM condition on the instance resource), not on every instance
  # the project may ever have.
  instance_condition = "resource.type == 'sqladmin.googleapis.com/Instance' && resource.name == 'projects/${var.project_id}/instances/${var.instance_name}'"
}

# The services' state store. No public address: clients reach the private address through the VPC, and only with a
# Cloud SQL client certificate (the Java connector in every service fetches one with its IAM identity), so
# nothing connects without IAM. Nobody logs in with a password: IAM database authentication only.
resource "google_sql_database_instance" "this" {
  project          = var.project_id
  name             = var.instance_name
  region           = var.region
  database_version = var.database_version

  # Terraform refuses to destroy or replace it...
  deletion_protection = true

  settings {
    tier              = var.tier
    edition           = var.edition
    availability_type = var.availability_type
    disk_type         = "PD_SSD"
    disk_size         = var.disk_size_gb
    disk_autoresize   = true
    user_labels       = var.labels

    # ...and so does Cloud SQL itself, whoever asks.
    deletion_protection_enabled = true

    ip_configuration {
      ipv4_enabled    = false
      private_network = var.private_network
      ssl_mode        = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }

    # Daily backups kept var.backup_retained_count days, and the write-ahead log kept
    # var.transaction_log_retention_days days for point-in-time recovery (docs/operations.md#backups-and-restore).
    backup_configuration {
      enabled                        = true
      start_time                     = var.backup_start_time
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = var.transaction_log_retention_days

      backup_retention_settings {
        retained_backups = var.backup_retained_count
        retention_unit   = "COUNT"
      }
    }

    # Updates restart the instance (the services ride it out: pushes answered 503 and redelivered); keep them out
    # of game nights.
    maintenance_window {
      day          = var.maintenance_window.day
      hour         = var.maintenance_window.hour
      update_track = "stable"
    }

    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }

    # Sized against every service's pool at its max instances (docs/operations.md#connection-sizing).
    database_flags {
      name  = "max_connections"
      value = var.max_connections
    }
  }
}

resource "google_sql_database" "this" {
  project  = var.project_id
  instance = google_sql_database_instance.this.name
  name     = var.database_name

  # Removing this resource from the configuration must never drop the services' state.
  deletion_policy = "ABANDON"
}

# One database user per service account: the service logs in as itself, with an IAM token the connector fetches.
# Its schema and privileges come from deploy/cloudsql-bootstrap.sql (SQL, which Terraform does not run).
resource "google_sql_user" "service" {
  for_each = var.service_accounts

  project  = var.project_id
  instance = google_sql_database_instance.this.name
  name     = local.database_users[each.key]
  type     = "CLOUD_IAM_SERVICE_ACCOUNT"
}

# Connecting through the connector (cloudsql.client: instances.get, instances.connect) and logging in with IAM
# (cloudsql.instanceUser: instances.login): nothing that administers the instance.
resource "google_project_iam_member" "client" {
  for_each = var.service_accounts

  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${each.value}"

  condition {
    title       = "only-${var.instance_name}"
    description = "Connect to the Rebound state store only."
    expression  = local.instance_condition
  }
}

resource "google_project_iam_member" "instance_user" {
  for_each = var.service_accounts

  project = var.project_id
  role    = "roles/cloudsql.instanceUser"
  member  = "serviceAccount:${each.value}"

  condition {
    title       = "only-${var.instance_name}"
    description = "Log in to the Rebound state store only."
    expression  = local.instance_condition
  }
}

output "connection_name" {
  description = "PROJECT:REGION:INSTANCE, what the Cloud SQL Java connector connects to (REBOUND_CLOUD_SQL_INSTANCE)."
  value       = google_sql_database_instance.this.connection_name
}

output "private_ip_address" {
  description = "The instance's private address (for diagnosis; the services connect by connection name)."
  value       = google_sql_database_instance.this.private_ip_address
}

output "database_name" {
  description = "The services' database (REBOUND_DB_NAME)."
  value       = google_sql_database.this.name
}

output "database_users" {
  description = "Database user by service (REBOUND_DB_USER): the service account email without .gserviceaccount.com."
  value       = { for name, user in google_sql_user.service : name => user.name }
}

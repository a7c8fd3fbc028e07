variable "project_id" {
  type        = string
  description = "Project of the instance."
}

variable "region" {
  type        = string
  description = "Region of the instance: the Cloud Run services' region, so connections stay regional."
}

variable "instance_name" {
  type        = string
  description = "Instance name; with the project and region it makes the connection name the services' REBOUND_CLOUD_SQL_INSTANCE names (PROJECT:REGION:NAME)."
}

variable "database_name" {
  type        = string
  description = "The one database every service keeps its schema in (REBOUND_DB_NAME)."
}

variable "database_version" {
  type        = string
  description = "PostgreSQL major version: the one the local server and the tests run, so the tested SQL is the SQL that runs."
  default     = "POSTGRES_17"
}

variable "edition" {
  type        = string
  description = "Cloud SQL edition. ENTERPRISE allows the custom machine types below; PostgreSQL 16+ would otherwise default to ENTERPRISE_PLUS."
  default     = "ENTERPRISE"
}

variable "tier" {
  type        = string
  description = "Machine type (db-custom-CPUS-MEMORY_MB). Its memory bounds how many connections are sensible: see max_connections."
}

variable "availability_type" {
  type        = string
  description = "REGIONAL keeps a synchronous standby in a second zone (automatic failover, about a minute); ZONAL has none."
  default     = "REGIONAL"
}

variable "disk_size_gb" {
  type        = number
  description = "Initial SSD size; the disk grows by itself (disk_autoresize) and never shrinks."
  default     = 20
}

variable "private_network" {
  type        = string
  description = "VPC (projects/.../global/networks/NAME) whose private services access peering gives the instance its private address."
}

variable "max_connections" {
  type        = number
  description = "PostgreSQL max_connections. Must hold every service's pool at its max instances, twice over during a deploy, plus room for operators (tools/infra-check holds it; arithmetic in docs/operations.md#connection-sizing)."
}

variable "backup_start_time" {
  type        = string
  description = "UTC time (HH:MM) the daily backup window starts; backups do not block the services."
  default     = "08:00"
}

variable "backup_retained_count" {
  type        = number
  description = "Daily backups kept (one a day, so also days)."
  default     = 14
}

variable "transaction_log_retention_days" {
  type        = number
  description = "Days of write-ahead log kept for point-in-time recovery (1-7 on the ENTERPRISE edition)."
  default     = 7
}

variable "maintenance_window" {
  type = object({
    day  = number
    hour = number
  })
  description = "When Cloud SQL may restart the instance for updates: day 1-7 (Monday-Sunday) and hour 0-23, UTC."
  default     = { day = 2, hour = 16 }
}

variable "service_accounts" {
  type        = map(string)
  description = "Runtime service account email by service name: each gets a database user and may connect to and log in to this instance, nothing more."
}

variable "labels" {
  type        = map(string)
  description = "Labels of the instance."
  default     = {}
}

variable "project_id" {
  type        = string
  description = "Project that holds the dataset."
}

variable "dataset_id" {
  type        = string
  description = "Dataset id."
}

variable "description" {
  type        = string
  description = "What the dataset holds and who writes it."
}

variable "location" {
  type        = string
  description = "BigQuery location of the dataset (must match the location the services query in)."
  default     = "US"
}

variable "labels" {
  type        = map(string)
  description = "Labels applied to the dataset and its tables."
  default     = {}
}

variable "delete_contents_on_destroy" {
  type        = bool
  description = "Whether terraform destroy may drop a dataset that still has tables. Off: the data outlives the infrastructure."
  default     = false
}

variable "tables" {
  type = list(object({
    table_id    = string
    description = string
    schema      = string
    time_partitioning = optional(object({
      field                    = string
      type                     = optional(string, "DAY")
      expiration_days          = optional(number)
      require_partition_filter = optional(bool, false)
    }))
    clustering          = optional(list(string), [])
    deletion_protection = optional(bool, true)
  }))
  description = "Tables of the dataset: schema is a JSON-encoded BigQuery schema; time_partitioning states the partition column and how long partitions are kept (null expiration_days keeps them forever)."
  default     = []
}

variable "iam_members" {
  type = map(object({
    role   = string
    member = string
  }))
  description = "Dataset-level IAM grants, keyed by a static label (e.g. \"heartbeat-tracker-editor\")."
  default     = {}
}

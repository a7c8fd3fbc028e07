variable "bucket_project_id" {
  type        = string
  description = "Project that owns the buckets: its Cloud Storage service agent publishes the notifications."
}

variable "buckets" {
  type        = list(string)
  description = "Buckets whose object changes are reported (the scraper buckets)."
}

variable "topic_id" {
  type        = string
  description = "Full id of the topic the notifications go to (projects/P/topics/T)."
}

variable "event_types" {
  type        = list(string)
  description = "Cloud Storage event types reported."
  default     = ["OBJECT_FINALIZE", "OBJECT_DELETE"]
}

variable "object_name_prefix" {
  type        = string
  description = "Only objects under this prefix are reported; null reports every object."
  default     = null
}

variable "project_id" {
  type        = string
  description = "Project of the network."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run services, hence of their subnet."
}

variable "network_name" {
  type        = string
  description = "VPC name; the Cloud Run manifests name it in run.googleapis.com/network-interfaces."
}

variable "run_subnet_name" {
  type        = string
  description = "Subnet the Cloud Run services' Direct VPC egress uses; the manifests name it in run.googleapis.com/network-interfaces."
}

variable "run_subnet_cidr" {
  type        = string
  description = "Address range of the run subnet (/26 or larger): Direct VPC egress uses two addresses per instance, reserved 16 at a time, for every revision that runs."
  default     = "10.8.0.0/24"
}

variable "google_services_prefix_length" {
  type        = number
  description = "Size of the private services access range Cloud SQL's private addresses come from (/20: room for replicas and clones made in a restore)."
  default     = 20
}

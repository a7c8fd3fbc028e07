output "network_id" {
  description = "The VPC (projects/.../global/networks/NAME), usable as a Cloud SQL private_network once the private services peering exists."
  value       = google_compute_network.this.id
  depends_on  = [google_service_networking_connection.google_services]
}

output "network_name" {
  description = "VPC name, for the Cloud Run manifests' network-interfaces annotation."
  value       = google_compute_network.this.name
}

output "run_subnet_name" {
  description = "Subnet name, for the Cloud Run manifests' network-interfaces annotation."
  value       = google_compute_subnetwork.run.name
}

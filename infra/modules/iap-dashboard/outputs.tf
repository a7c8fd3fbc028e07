output "url" {
  description = "Where people open the service."
  value       = "https://${var.domain}/"
}

output "ip_address" {
  description = "The load balancer's address: the domain's DNS A record points here."
  value       = google_compute_global_address.this.address
}

output "backend_service" {
  description = "Name of the IAP-protected backend service."
  value       = google_compute_backend_service.this.name
}

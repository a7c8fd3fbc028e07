# The network the services reach their database through. The Cloud SQL instance has a private address only: it
# lives in Google's service producer network, peered with this VPC through private services access, and the Cloud
# Run services send their private-range traffic into the VPC through Direct VPC egress on the run subnet (no
# Serverless VPC Access connector to size and pay for).
resource "google_compute_network" "this" {
  project                 = var.project_id
  name                    = var.network_name
  description             = "Rebound: Cloud Run egress to the Cloud SQL instance's private address."
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

# Cloud Run instances take their addresses here: Direct VPC egress uses twice as many addresses as instances, reserved
# 16 at a time, and needs a /26 or larger. Private Google Access keeps the Google APIs reachable from inside the VPC,
# whatever the services' egress setting.
resource "google_compute_subnetwork" "run" {
  project                  = var.project_id
  name                     = var.run_subnet_name
  region                   = var.region
  network                  = google_compute_network.this.id
  ip_cidr_range            = var.run_subnet_cidr
  private_ip_google_access = true
}

# Private services access: the range Google allocates Cloud SQL's private addresses from, and the peering that
# makes them reachable from the VPC.
resource "google_compute_global_address" "google_services" {
  project       = var.project_id
  name          = "${var.network_name}-google-services"
  description   = "Private services access range: Cloud SQL's private addresses."
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = var.google_services_prefix_length
  network       = google_compute_network.this.id
}

resource "google_service_networking_connection" "google_services" {
  network                 = google_compute_network.this.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.google_services.name]
}

# A Cloud Run service for people, in a browser: an external HTTPS load balancer (managed certificate for the
# domain) whose only backend is the service's serverless NEG, with Identity-Aware Proxy in front of it. IAP signs
# people in with Google and lets through only the accessors; it then calls the service as its own service agent,
# which holds roles/run.invoker on it (modules/cloud-run-invokers, caller "iap").
resource "google_compute_global_address" "this" {
  project = var.project_id
  name    = "${var.name}-ip"
}

resource "google_compute_managed_ssl_certificate" "this" {
  project = var.project_id
  name    = "${var.name}-cert"

  managed {
    domains = [var.domain]
  }
}

resource "google_compute_region_network_endpoint_group" "this" {
  project               = var.project_id
  name                  = "${var.name}-neg"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = var.service
  }
}

resource "google_compute_backend_service" "this" {
  project               = var.project_id
  name                  = "${var.name}-backend"
  protocol              = "HTTPS"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  backend {
    group = google_compute_region_network_endpoint_group.this.id
  }

  # Google-managed OAuth client: no client secret to keep.
  iap {
    enabled = true
  }
}

resource "google_compute_url_map" "this" {
  project         = var.project_id
  name            = "${var.name}-urls"
  default_service = google_compute_backend_service.this.id
}

resource "google_compute_target_https_proxy" "this" {
  project          = var.project_id
  name             = "${var.name}-https"
  url_map          = google_compute_url_map.this.id
  ssl_certificates = [google_compute_managed_ssl_certificate.this.id]
}

resource "google_compute_global_forwarding_rule" "this" {
  project               = var.project_id
  name                  = "${var.name}-https"
  target                = google_compute_target_https_proxy.this.id
  ip_address            = google_compute_global_address.this.address
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

# Who IAP lets through to the service.
resource "google_iap_web_backend_service_iam_member" "accessor" {
  for_each = var.accessors

  project             = var.project_id
  web_backend_service = google_compute_backend_service.this.name
  role                = "roles/iap.httpsResourceAccessor"
  member              = each.value
}

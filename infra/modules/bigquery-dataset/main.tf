locals {
  tables = { for t in var.tables : t.table_id => t }
}

resource "google_bigquery_dataset" "this" {
  project                    = var.project_id
  dataset_id                 = var.dataset_id
  description                = var.description
  location                   = var.location
  labels                     = var.labels
  delete_contents_on_destroy = var.delete_contents_on_destroy
}

resource "google_bigquery_table" "this" {
  for_each = local.tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.key
  description         = each.value.description
  labels              = var.labels
  schema              = each.value.schema
  clustering          = length(each.value.clustering) == 0 ? null : each.value.clustering
  deletion_protection = each.value.deletion_protection

  dynamic "time_partitioning" {
    for_each = each.value.time_partitioning == null ? [] : [each.value.time_partitioning]
    content {
      type          = time_partitioning.value.type
      field         = time_partitioning.value.field
      expiration_ms = time_partitioning.value.expiration_days == null ? null : time_partitioning.value.expiration_days * 86400000
    }
  }

  require_partition_filter = each.value.time_partitioning == null ? null : each.value.time_partitioning.require_partition_filter
}

resource "google_bigquery_dataset_iam_member" "this" {
  for_each = var.iam_members

  project    = var.project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = each.value.role
  member     = each.value.member
}

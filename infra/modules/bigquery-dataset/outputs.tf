output "dataset_id" {
  description = "Dataset id."
  value       = google_bigquery_dataset.this.dataset_id
}

output "table_ids" {
  description = "Fully qualified table ids (project.dataset.table) by table name, available once the dataset grants exist, so a Pub/Sub BigQuery subscription created from them can write at once."
  value       = { for name, t in google_bigquery_table.this : name => "${t.project}.${t.dataset_id}.${t.table_id}" }
  depends_on  = [google_bigquery_dataset_iam_member.this]
}

output "job_ids" {
  description = "Scheduler job ids by job name."
  value       = { for name, j in google_cloud_scheduler_job.this : name => j.id }
}

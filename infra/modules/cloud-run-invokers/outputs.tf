output "invokers" {
  description = "IAM member holding roles/run.invoker, by \"service/caller\"."
  value       = { for key, b in google_cloud_run_v2_service_iam_member.invoker : key => b.member }
}

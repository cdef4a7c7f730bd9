output "bucket_name" {
  description = "Private bucket holding the releases"
  value       = module.site.bucket_name
}

output "distribution_id" {
  description = "CloudFront distribution (its comment is the component name)"
  value       = module.site.distribution_id
}

output "distribution_domain_name" {
  description = "Domain name of the distribution"
  value       = module.site.distribution_domain_name
}

output "alarm_names" {
  description = "CloudWatch alarms of the micro-frontend"
  value       = [aws_cloudwatch_metric_alarm.http_5xx_rate.alarm_name]
}

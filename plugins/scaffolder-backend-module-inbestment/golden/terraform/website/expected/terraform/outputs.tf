output "bucket_name" {
  description = "Private bucket holding the releases and the live copy"
  value       = module.remote.bucket_name
}

output "bucket_regional_domain_name" {
  description = "Origin domain name of the bucket in storefront-cdn"
  value       = module.remote.bucket_regional_domain_name
}

output "storefront_cdn_domain_name" {
  description = "Domain name of storefront-cdn, which serves the remote"
  value       = data.aws_cloudfront_distribution.storefront_cdn.domain_name
}

output "alarm_names" {
  description = "CloudWatch alarms of the micro-frontend"
  value       = [aws_cloudwatch_metric_alarm.http_5xx_rate.alarm_name]
}

output "waf_label_rule_group_arn" {
  description = "Rule group labelling the component's requests; the web ACL references it (docs/waf.md)"
  value       = aws_wafv2_rule_group.component_label.arn
}

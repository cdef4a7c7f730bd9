output "ecr_repository_url" {
  description = "Image repository (prod account only)"
  value       = one(module.ecr[*].repository_url)
}

output "dynamodb_table_name" {
  description = "Table used by the service"
  value       = module.dynamodb.table_name
}

output "secret_arn" {
  description = "Secret the service reads; its value is set outside Terraform"
  value       = module.secret.secret_arn
}

output "irsa_role_arn" {
  description = "Role assumed by the service's ServiceAccount"
  value       = module.irsa.role_arn
}

output "target_group_arn" {
  description = "Target group bound by the TargetGroupBinding"
  value       = module.alb_route.target_group_arn
}

output "waf_web_acl_arn" {
  description = "Web ACL in front of the service"
  value       = data.aws_wafv2_web_acl.alb.arn
}

output "alarm_names" {
  description = "CloudWatch alarms of the service"
  value       = module.alarms.alarm_names
}

output "waf_label_rule_group_arn" {
  description = "Rule group labelling the component's requests; the web ACL references it (docs/waf.md)"
  value       = aws_wafv2_rule_group.component_label.arn
}

output "target_group_arn" {
  description = "Target group ARN"
  value       = aws_lb_target_group.this.arn
}

output "target_group_arn_suffix" {
  description = "Target group ARN suffix (CloudWatch dimension)"
  value       = aws_lb_target_group.this.arn_suffix
}

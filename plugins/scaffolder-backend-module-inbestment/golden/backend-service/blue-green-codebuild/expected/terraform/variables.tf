variable "environment" {
  description = "staging or prod"
  type        = string

  validation {
    condition     = contains(["staging", "prod"], var.environment)
    error_message = "environment must be staging or prod."
  }
}

variable "account_id" {
  description = "AWS account of the environment; the provider refuses any other"
  type        = string
}

variable "region" {
  description = "AWS region"
  type        = string
  default     = "eu-west-1"
}

variable "cluster_name" {
  description = "EKS cluster whose OIDC provider the IRSA role trusts"
  type        = string
}

variable "create_ecr" {
  description = "Create the ECR repository (only in the account that hosts the registry)"
  type        = bool
  default     = false
}

variable "alb_name" {
  description = "Shared ALB of the environment (protected by the WAF web ACL)"
  type        = string
  default     = "inbestment"
}

variable "secret_rotation_lambda_arn" {
  description = "Lambda that rotates the component's secret; null leaves rotation to be configured"
  type        = string
  default     = null
}

variable "alarm_topic_name" {
  description = "SNS topic of the owner team that the alarms notify (the store routes it to the team's on-call)"
  type        = string
  default     = "inbestment-team-commerce-alarms"
}

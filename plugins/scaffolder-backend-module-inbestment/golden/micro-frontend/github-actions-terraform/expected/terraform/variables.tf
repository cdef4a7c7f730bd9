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
  description = "AWS region of the bucket"
  type        = string
  default     = "eu-west-1"
}

variable "alarm_topic_arn" {
  description = "SNS topic (us-east-1) notified by the alarms"
  type        = string
  default     = null
}

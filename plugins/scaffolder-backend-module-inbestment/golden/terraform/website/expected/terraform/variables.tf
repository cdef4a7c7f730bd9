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

variable "storefront_cdn_distribution_id" {
  description = "Id of storefront-cdn in this account (aws cloudfront list-distributions, alias of the store's host)"
  type        = string
}

variable "alarm_topic_name" {
  description = "SNS topic in us-east-1 of the owner team that the alarms notify (CloudFront alarms live in us-east-1)"
  type        = string
  default     = "inbestment-team-discovery-alarms-us-east-1"
}

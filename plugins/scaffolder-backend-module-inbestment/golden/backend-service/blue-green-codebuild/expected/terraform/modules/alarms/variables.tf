variable "prefix" {
  description = "Alarm name prefix (the catalog's aws-ops.io/alarm-prefix)"
  type        = string
}

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the shared ALB"
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the service's target group"
  type        = string
}

variable "table_name" {
  description = "DynamoDB table of the service"
  type        = string
}

variable "max_5xx_percent" {
  description = "Alarm when the 5xx share of requests exceeds this percentage"
  type        = number
  default     = 1
}

variable "p99_latency_seconds" {
  description = "Alarm when p99 target response time exceeds this"
  type        = number
  default     = 0.5
}

variable "dynamodb_latency_ms" {
  description = "Alarm when DynamoDB request latency exceeds this"
  type        = number
  default     = 10
}

variable "alarm_topic_arn" {
  description = "SNS topic notified by the alarms (and when they recover)"
  type        = string
}

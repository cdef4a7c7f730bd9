variable "target_group_name" {
  description = "Target group name (at most 32 characters)"
  type        = string
}

variable "vpc_id" {
  description = "VPC of the EKS cluster"
  type        = string
}

variable "listener_arn" {
  description = "HTTPS listener of the shared ALB"
  type        = string
}

variable "path_prefix" {
  description = "URI path prefix routed to the service"
  type        = string
}

variable "priority" {
  description = "Listener rule priority, unique on the listener"
  type        = number
}

variable "name" {
  description = "Secret name"
  type        = string
}

variable "rotation_lambda_arn" {
  description = "Lambda that rotates the secret"
  type        = string
  default     = null
}

variable "rotation_days" {
  description = "Days between rotations"
  type        = number
  default     = 30
}

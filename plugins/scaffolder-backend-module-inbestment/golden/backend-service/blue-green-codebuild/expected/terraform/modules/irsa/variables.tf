variable "role_name" {
  description = "IAM role name"
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider"
  type        = string
}

variable "oidc_provider_url" {
  description = "Issuer URL of the cluster's OIDC provider"
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the ServiceAccount"
  type        = string
}

variable "service_account" {
  description = "Kubernetes ServiceAccount allowed to assume the role"
  type        = string
}

variable "table_arn" {
  description = "DynamoDB table the service uses"
  type        = string
}

variable "secret_arn" {
  description = "Secret the service reads"
  type        = string
}

variable "kms_key_arn" {
  description = "Key that encrypts the secret"
  type        = string
}

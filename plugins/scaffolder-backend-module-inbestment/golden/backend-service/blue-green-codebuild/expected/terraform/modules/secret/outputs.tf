output "secret_arn" {
  description = "Secret ARN"
  value       = aws_secretsmanager_secret.this.arn
}

output "kms_key_arn" {
  description = "Key that encrypts the secret"
  value       = aws_kms_key.secret.arn
}

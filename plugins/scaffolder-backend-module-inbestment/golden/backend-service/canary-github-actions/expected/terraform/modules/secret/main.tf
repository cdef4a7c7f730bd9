resource "aws_kms_key" "secret" {
  description         = "Encrypts secret ${var.name}"
  enable_key_rotation = true
}

# Only the secret's metadata is managed here: its value is written by the rotation Lambda (or an operator), so it
# never appears in code or in the Terraform state.
resource "aws_secretsmanager_secret" "this" {
  name       = var.name
  kms_key_id = aws_kms_key.secret.arn
}

resource "aws_secretsmanager_secret_rotation" "this" {
  count               = var.rotation_lambda_arn == null ? 0 : 1
  secret_id           = aws_secretsmanager_secret.this.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = var.rotation_days
  }
}

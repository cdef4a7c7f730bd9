resource "aws_dynamodb_table" "this" {
  name         = var.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  # KMS encryption with the AWS managed key (alias/aws/dynamodb): no key policy for callers to manage.
  server_side_encryption {
    enabled = true
  }

  deletion_protection_enabled = true
}

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  # Remote state in the store's bucket, one key per environment, locked by an S3 lock file (use_lockfile; the
  # DynamoDB lock table is deprecated since Terraform 1.11). Bucket, key and region come from envs/<env>.s3.tfbackend:
  #   terraform init -backend-config=envs/prod.s3.tfbackend
  backend "s3" {}
}

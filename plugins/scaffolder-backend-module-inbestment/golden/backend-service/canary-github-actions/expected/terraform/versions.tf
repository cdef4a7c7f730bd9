terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  # Remote state in S3 with DynamoDB locking; bucket, key and table come from envs/<env>.s3.tfbackend:
  #   terraform init -backend-config=envs/prod.s3.tfbackend
  backend "s3" {}
}

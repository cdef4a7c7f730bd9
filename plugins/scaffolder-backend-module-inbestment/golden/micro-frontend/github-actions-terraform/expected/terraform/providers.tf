provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      component   = "wishlist-mfe"
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}

# CloudFront's web ACLs and metrics live in us-east-1.
provider "aws" {
  alias               = "us_east_1"
  region              = "us-east-1"
  allowed_account_ids = [var.account_id]
}

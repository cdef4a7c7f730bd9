provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      component   = "gift-card-service"
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}

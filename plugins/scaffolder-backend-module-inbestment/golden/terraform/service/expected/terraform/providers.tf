provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      component   = "cart-service"
      environment = var.environment
      managed-by  = "terraform"
    }
  }
}

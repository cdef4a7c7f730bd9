locals {
  name      = "loyalty-service"
  namespace = "inbestment"
}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

data "aws_iam_openid_connect_provider" "eks" {
  url = data.aws_eks_cluster.this.identity[0].oidc[0].issuer
}

data "aws_lb" "shared" {
  name = var.alb_name
}

data "aws_lb_listener" "https" {
  load_balancer_arn = data.aws_lb.shared.arn
  port              = 443
}

# The shared ALB is associated with this web ACL by the platform stack; looking it up here makes the plan fail
# when the ACL is missing, and the component's traffic (the listener rule below) only enters through that ALB.
data "aws_wafv2_web_acl" "alb" {
  name  = "inbestment-alb"
  scope = "REGIONAL"
}

module "ecr" {
  source = "./modules/ecr"
  count  = var.create_ecr ? 1 : 0

  name = "inbestment/loyalty-service"
  # Staging pulls from the prod registry.
  pull_account_ids = ["444455556666"]
}

module "dynamodb" {
  source = "./modules/dynamodb"

  table_name = "inbestment-loyalty-service"
}

module "secret" {
  source = "./modules/secret"

  name                = "inbestment/loyalty-service/app"
  rotation_lambda_arn = var.secret_rotation_lambda_arn
}

module "irsa" {
  source = "./modules/irsa"

  role_name         = "inbestment-loyalty-service"
  oidc_provider_arn = data.aws_iam_openid_connect_provider.eks.arn
  oidc_provider_url = data.aws_iam_openid_connect_provider.eks.url
  namespace         = local.namespace
  service_account   = local.name
  table_arn         = module.dynamodb.table_arn
  secret_arn        = module.secret.secret_arn
  kms_key_arn       = module.secret.kms_key_arn
}

module "alb_route" {
  source = "./modules/alb-route"

  target_group_name = "loyalty-service"
  vpc_id            = data.aws_eks_cluster.this.vpc_config[0].vpc_id
  listener_arn      = data.aws_lb_listener.https.arn
  path_prefix       = "/api/loyalty"
  priority          = 4897
}

# Looked up rather than passed as an ARN: a missing topic fails the plan instead of leaving the alarms mute.
data "aws_sns_topic" "alarms" {
  name = var.alarm_topic_name
}

module "alarms" {
  source = "./modules/alarms"

  prefix                   = "loyalty-service"
  load_balancer_arn_suffix = data.aws_lb.shared.arn_suffix
  target_group_arn_suffix  = module.alb_route.target_group_arn_suffix
  table_name               = module.dynamodb.table_name
  alarm_topic_arn          = data.aws_sns_topic.alarms.arn
}

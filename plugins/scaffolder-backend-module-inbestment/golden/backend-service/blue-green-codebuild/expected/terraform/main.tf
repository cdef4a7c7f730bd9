locals {
  name      = "gift-card-service"
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

# The component's WAF label (docs/waf.md): one COUNT rule matching the component's host and path that adds the label
# inbestment:component:gift-card-service. AWS WAF publishes AWS/WAFV2 request metrics per label (dimensions WebACL,
# Region, LabelNamespace, Label), which is how the portal counts this component's allowed and blocked requests without
# reading its logs. The platform stack references every inbestment-component-* rule group from the web ACL, in a rule of
# the same name at a priority before any blocking rule, so each request is labelled before a rule terminates it.
resource "aws_wafv2_rule_group" "component_label" {
  name        = "inbestment-component-gift-card-service"
  description = "Labels the requests of gift-card-service (api.inbestment.shop/api/gift-card)"
  scope       = "REGIONAL"
  capacity    = 10

  rule {
    name     = "label"
    priority = 0

    action {
      count {}
    }

    rule_label {
      name = "inbestment:component:gift-card-service"
    }

    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "api.inbestment.shop"
            positional_constraint = "EXACTLY"
            field_to_match {
              single_header {
                name = "host"
              }
            }
            text_transformation {
              priority = 0
              type     = "LOWERCASE"
            }
          }
        }
        statement {
          byte_match_statement {
            search_string         = "/api/gift-card"
            positional_constraint = "STARTS_WITH"
            field_to_match {
              uri_path {}
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "inbestment-component-gift-card-service-label"
      sampled_requests_enabled   = false
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "inbestment-component-gift-card-service"
    sampled_requests_enabled   = false
  }
}

module "ecr" {
  source = "./modules/ecr"
  count  = var.create_ecr ? 1 : 0

  name = "inbestment/gift-card-service"
  # Staging pulls from the prod registry.
  pull_account_ids = ["444455556666"]
}

module "dynamodb" {
  source = "./modules/dynamodb"

  table_name = "inbestment-gift-card-service"
}

module "secret" {
  source = "./modules/secret"

  name                = "inbestment/gift-card-service/app"
  rotation_lambda_arn = var.secret_rotation_lambda_arn
}

module "irsa" {
  source = "./modules/irsa"

  role_name         = "inbestment-gift-card-service"
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

  target_group_name = "gift-card-service"
  vpc_id            = data.aws_eks_cluster.this.vpc_config[0].vpc_id
  listener_arn      = data.aws_lb_listener.https.arn
  path_prefix       = "/api/gift-card"
  priority          = 25490
}

# Looked up rather than passed as an ARN: a missing topic fails the plan instead of leaving the alarms mute.
data "aws_sns_topic" "alarms" {
  name = var.alarm_topic_name
}

module "alarms" {
  source = "./modules/alarms"

  prefix                   = "gift-card-service"
  load_balancer_arn_suffix = data.aws_lb.shared.arn_suffix
  target_group_arn_suffix  = module.alb_route.target_group_arn_suffix
  table_name               = module.dynamodb.table_name
  alarm_topic_arn          = data.aws_sns_topic.alarms.arn
}

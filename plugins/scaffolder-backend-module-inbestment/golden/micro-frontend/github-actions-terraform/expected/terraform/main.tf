# wishlist-mfe joins the store's storefront-cdn (team-platform's distribution for www.inbestment.shop
# and staging.inbestment.shop) like every store micro-frontend: its own private bucket, read only by storefront-cdn,
# served under /mfe/wishlist/*. deploy/release.sh adds that origin and behaviour on the first release and
# registers the remote in the shell's manifest; the distribution itself stays in the platform repository.
data "aws_cloudfront_distribution" "storefront_cdn" {
  id = var.storefront_cdn_distribution_id
}

module "remote" {
  source = "./modules/storefront-remote"

  bucket_name      = "inbestment-wishlist-mfe-${var.environment}"
  distribution_arn = data.aws_cloudfront_distribution.storefront_cdn.arn
}

# The component's WAF label (docs/waf.md): one COUNT rule matching the component's host and path that adds the label
# inbestment:component:wishlist-mfe. AWS WAF publishes AWS/WAFV2 request metrics per label (dimensions WebACL,
# LabelNamespace, Label), which is how the portal counts this component's allowed and blocked requests without reading
# its logs. CloudFront web ACLs and their rule groups live in us-east-1. The platform stack references every inbestment-component-* rule group from the web ACL, in a rule of
# the same name at a priority before any blocking rule, so each request is labelled before a rule terminates it.
resource "aws_wafv2_rule_group" "component_label" {
  provider    = aws.us_east_1
  name        = "inbestment-component-wishlist-mfe"
  description = "Labels the requests of wishlist-mfe (www.inbestment.shop/mfe/wishlist/)"
  scope       = "CLOUDFRONT"
  capacity    = 10

  rule {
    name     = "label"
    priority = 0

    action {
      count {}
    }

    rule_label {
      name = "inbestment:component:wishlist-mfe"
    }

    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "www.inbestment.shop"
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
            search_string         = "/mfe/wishlist/"
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
      metric_name                = "inbestment-component-wishlist-mfe-label"
      sampled_requests_enabled   = false
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "inbestment-component-wishlist-mfe"
    sampled_requests_enabled   = false
  }
}

# CloudFront publishes its metrics in us-east-1 only, so the alarm and its SNS topic live there.
data "aws_sns_topic" "alarms" {
  provider = aws.us_east_1
  name     = var.alarm_topic_name
}

resource "aws_cloudwatch_metric_alarm" "http_5xx_rate" {
  provider            = aws.us_east_1
  alarm_name          = "wishlist-mfe-cdn-5xx-rate"
  alarm_description   = "More than 1% of storefront-cdn responses are 5xx (shared by every micro-frontend, wishlist-mfe included)"
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  dimensions          = { DistributionId = var.storefront_cdn_distribution_id, Region = "Global" }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [data.aws_sns_topic.alarms.arn]
}

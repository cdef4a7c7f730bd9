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

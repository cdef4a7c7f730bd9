data "aws_wafv2_web_acl" "cloudfront" {
  provider = aws.us_east_1
  name     = "inbestment-cloudfront"
  scope    = "CLOUDFRONT"
}

module "site" {
  source = "./modules/static-site"

  bucket_name = "inbestment-catalog-mfe-${var.account_id}"
  comment     = "catalog-mfe"
  web_acl_arn = data.aws_wafv2_web_acl.cloudfront.arn
}

resource "aws_cloudwatch_metric_alarm" "http_5xx_rate" {
  provider            = aws.us_east_1
  alarm_name          = "catalog-mfe-5xx-rate"
  alarm_description   = "More than 1% of CloudFront responses are 5xx"
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  dimensions          = { DistributionId = module.site.distribution_id, Region = "Global" }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
}

output "alarm_names" {
  description = "Names of the alarms"
  value = concat(
    [aws_cloudwatch_metric_alarm.http_5xx_rate.alarm_name, aws_cloudwatch_metric_alarm.p99_latency.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.dynamodb_latency : a.alarm_name],
  )
}

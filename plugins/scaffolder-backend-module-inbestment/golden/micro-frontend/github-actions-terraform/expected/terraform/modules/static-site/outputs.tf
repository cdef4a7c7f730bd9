output "bucket_name" {
  description = "Bucket name"
  value       = aws_s3_bucket.this.bucket
}

output "distribution_id" {
  description = "Distribution id"
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "Distribution ARN"
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "Distribution domain name"
  value       = aws_cloudfront_distribution.this.domain_name
}

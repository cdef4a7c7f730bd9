output "bucket_name" {
  description = "Bucket name"
  value       = aws_s3_bucket.this.bucket
}

output "bucket_regional_domain_name" {
  description = "Origin domain name storefront-cdn uses for this bucket"
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "origin_access_control_id" {
  description = "Origin access control of the bucket's origin"
  value       = aws_cloudfront_origin_access_control.this.id
}

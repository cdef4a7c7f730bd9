variable "bucket_name" {
  description = "Name of the private bucket (releases/<version>/ and the live copy under mfe/<base>/)"
  type        = string
}

variable "distribution_arn" {
  description = "ARN of storefront-cdn, the only reader of the bucket"
  type        = string
}

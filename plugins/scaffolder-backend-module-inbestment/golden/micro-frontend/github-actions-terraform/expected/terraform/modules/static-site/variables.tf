variable "bucket_name" {
  description = "Name of the private bucket"
  type        = string
}

variable "comment" {
  description = "Distribution comment; release.sh finds the distribution by it"
  type        = string
}

variable "web_acl_arn" {
  description = "WAF web ACL (CLOUDFRONT scope) attached to the distribution"
  type        = string
}

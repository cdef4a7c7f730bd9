variable "name" {
  description = "Repository name"
  type        = string
}

variable "keep_images" {
  description = "Number of images kept by the lifecycle policy"
  type        = number
  default     = 50
}

variable "pull_account_ids" {
  description = "Other accounts allowed to pull"
  type        = list(string)
  default     = []
}

variable "table_name" {
  description = "Table name"
  type        = string
}

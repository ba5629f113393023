variable "names" {
  type = list(string)
}

variable "prefix" {
  type = string
}

variable "days" {
  type = number
}

resource "aws_cloudwatch_log_group" "this" {
  for_each          = toset(var.names)
  name              = "${var.prefix}/${each.key}"
  retention_in_days = var.days
}

output "names" {
  value = var.names
}

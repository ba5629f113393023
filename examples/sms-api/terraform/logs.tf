locals {
  prefix = "/sms-api/${var.env}"
}

# Hotlogging of API requests and operator responses.
# @category debug-data
module "debug_logs" {
  source = "./modules/log-group"
  names  = ["api", "smpp-gateway", "callbacks"]
  prefix = "${local.prefix}/debug"
  days   = var.debug_log_days
}

# Call detail records kept for the Electronic Communications Act.
# @category traffic-data
resource "aws_cloudwatch_log_group" "traffic" {
  name              = "${local.prefix}/traffic"
  retention_in_days = var.traffic_log_days
}

# Delivery reports written by the worker: nobody set a retention, so CloudWatch keeps them forever.
# @category debug-data
resource "aws_cloudwatch_log_group" "delivery_reports" {
  name = "${local.prefix}/delivery-reports"
}

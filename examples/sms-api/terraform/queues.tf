# Callbacks for incoming SMS that could not be delivered yet: retried, then dropped after 72 hours.
resource "aws_sqs_queue" "undelivered_callbacks" {
  name                      = "sms-undelivered-callbacks"
  message_retention_seconds = 72 * 60 * 60
  tags = {
    data_category = "api-traffic"
  }
}

# Outgoing messages waiting for an operator.
resource "aws_sqs_queue" "outbound" {
  name                      = "sms-outbound"
  message_retention_seconds = 259200
  tags = {
    data_category = "api-traffic"
  }
}

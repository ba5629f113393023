variable "region" {
  type    = string
  default = "eu-north-1"
}

variable "env" {
  type = string
}

variable "debug_log_days" {
  description = "Felsökningsdata (hotlogging) is deleted after 14 days."
  type        = number
  default     = 14
}

variable "traffic_log_days" {
  description = "Trafikuppgifter are kept exactly 60 days (LEK, PTS)."
  type        = number
  default     = 60
}

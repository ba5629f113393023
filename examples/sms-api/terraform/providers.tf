# The SMS API runs in AWS Stockholm. The policy promises storage within the EU.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.region
}

# Disaster-recovery copies of exports.
provider "aws" {
  alias  = "dr"
  region = "us-east-1"
}

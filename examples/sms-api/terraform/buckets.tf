# Monthly CDR exports for the authorities, expired after 60 days.
# @category traffic-data
resource "aws_s3_bucket" "cdr_exports" {
  bucket = "sms-api-${var.env}-cdr-exports"
}

resource "aws_s3_bucket_lifecycle_configuration" "cdr_exports" {
  bucket = aws_s3_bucket.cdr_exports.id

  rule {
    id     = "expire-cdr"
    status = "Enabled"
    filter {} # the whole bucket
    expiration {
      days = 60
    }
  }
}

# Replica of the exports for disaster recovery — in the United States.
# @category traffic-data
resource "aws_s3_bucket" "cdr_exports_replica" {
  provider = aws.dr
  bucket   = "sms-api-${var.env}-cdr-exports-replica"
}

resource "aws_s3_bucket_lifecycle_configuration" "cdr_exports_replica" {
  provider = aws.dr
  bucket   = aws_s3_bucket.cdr_exports_replica.id

  rule {
    id     = "expire-cdr"
    status = "Enabled"
    expiration {
      days = 60
    }
  }
}

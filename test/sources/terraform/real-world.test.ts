import { describe, expect, it } from 'vitest';
import type { SourceResult, Store } from '../../../src/core/types.js';
import { retention, scan } from './context.js';
import { store } from '../../support/stores.js';



describe('terraform source: patterns of published modules', () => {
  it('reads variables from terraform.tfvars.json and *.auto.tfvars.json, in Terraform order', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = var.region
}
variable "region" {}
variable "days" {}
resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = var.days
}
`,
      'terraform.tfvars.json': '{"region": "eu-west-2", "days": 30}',
      'b.auto.tfvars.json': '{"days": 14}',
    });
    const s = store(r, 'terraform:aws_cloudwatch_log_group.app');
    expect(s.jurisdiction).toMatchObject({ status: 'known', region: 'eu-west-2' });
    expect(retention(s)).toEqual(['known P14D @7']);
    expect(r.diagnostics).toEqual([]);
  });

  it('a broken .tfvars.json is a parse error with its file, not a crash', async () => {
    const r = await scan({
      'main.tf': 'variable "days" {}\nresource "aws_sqs_queue" "q" {\n  message_retention_seconds = var.days\n}\n',
      'terraform.tfvars.json': '{"days": ',
      'x.auto.tfvars.json': '[1, 2]',
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toEqual([
      'parse-error terraform.tfvars.json:1',
      'parse-error x.auto.tfvars.json:1',
    ]);
    expect(retention(store(r, 'terraform:aws_sqs_queue.q'))[0]).toMatch(/^unknown: var.days has no value/);
  });

  it('gives every resource the category of the AWS provider default_tags, unless it names its own', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
  default_tags {
    tags = {
      data_category = "traffic-data"
    }
  }
}
resource "aws_cloudwatch_log_group" "a" {
  retention_in_days = 60
}
resource "aws_cloudwatch_log_group" "b" {
  retention_in_days = 14
  tags = { data_category = "debug-data" }
}
`,
    });
    expect(store(r, 'terraform:aws_cloudwatch_log_group.a').categories).toEqual([
      { id: 'traffic-data', via: 'tag', location: { file: 'main.tf', line: 5, column: 7 } },
    ]);
    expect(store(r, 'terraform:aws_cloudwatch_log_group.b').categories.map((c) => c.id)).toEqual(['debug-data']);
    expect(r.references.map((x) => `${x.id}@${x.location.line}`)).toEqual(['traffic-data@5', 'debug-data@14']);
  });

  it('reads default_tags through a variable and into a module that inherits the provider', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
  default_tags {
    tags = var.tags
  }
}
variable "tags" {
  default = { data_category = "debug-data", team = "sms" }
}
module "logs" {
  source = "./modules/logs"
}
`,
      'modules/logs/main.tf': 'resource "aws_cloudwatch_log_group" "this" {\n  retention_in_days = 7\n}\n',
    });
    expect(store(r, 'terraform:module.logs/aws_cloudwatch_log_group.this').categories.map((c) => c.id)).toEqual(['debug-data']);
  });

  it('a Google provider default_labels category applies to its buckets', async () => {
    const r = await scan({
      'main.tf': `provider "google" {
  region         = "europe-north1"
  default_labels = { data_category = "debug-data" }
}
resource "google_storage_bucket" "b" {
  name     = "b"
  location = "EU"
}
`,
    });
    expect(store(r, 'terraform:google_storage_bucket.b').categories).toMatchObject([{ id: 'debug-data', via: 'label', location: { line: 3 } }]);
  });

  it('a lifecycle configuration with for_each over a for_each bucket resource attaches to each bucket', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
}
resource "aws_s3_bucket" "logs" {
  for_each = toset(["a", "b"])
  bucket   = "logs-\${each.key}"
}
resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  for_each = aws_s3_bucket.logs
  bucket   = each.value.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 14
    }
  }
}
resource "aws_sqs_queue" "q" {
  count = 2
}
resource "aws_s3_bucket_lifecycle_configuration" "counted" {
  count  = length(aws_sqs_queue.q)
  bucket = aws_s3_bucket.logs["a"].bucket
  rule {
    status = "Enabled"
    expiration {
      days = 7
    }
  }
}
`,
    });
    expect(retention(store(r, 'terraform:aws_s3_bucket.logs["a"]'))).toEqual(['known P14D @16', 'known P7D @29', 'known P7D @29']);
    expect(retention(store(r, 'terraform:aws_s3_bucket.logs["b"]'))).toEqual(['known P14D @16']);
    expect(r.diagnostics).toEqual([]);
  });

  it('noncurrent-version expiry alone does not bound a bucket; with an expiry of current objects the two add up', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
}
resource "aws_s3_bucket" "state" {
  bucket = "state"
}
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
}
resource "aws_s3_bucket" "both" {
  bucket = "both"
}
resource "aws_s3_bucket_lifecycle_configuration" "both" {
  bucket = aws_s3_bucket.both.id
  rule {
    status = "Enabled"
    expiration {
      days = 14
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
  }
}
resource "aws_s3_bucket" "v3" {
  bucket = "v3"
  lifecycle_rule {
    enabled = true
    noncurrent_version_expiration {
      days = 90
    }
  }
}
`,
    });
    const state = store(r, 'terraform:aws_s3_bucket.state');
    expect(retention(state)).toEqual(['forever @4']);
    expect(state.retention[0].reason).toMatch(/expires only noncurrent versions, never the current objects/);
    const both = store(r, 'terraform:aws_s3_bucket.both');
    expect(retention(both)).toEqual(['known P14D @26', 'known P21D @29']);
    expect(both.retention[1].via).toBe('aws_s3_bucket_lifecycle_configuration.both rule[0].expiration.days + aws_s3_bucket_lifecycle_configuration.both rule[0].noncurrent_version_expiration.noncurrent_days');
    expect(retention(store(r, 'terraform:aws_s3_bucket.v3'))).toEqual(['forever @33']);
  });

  it('try() falls back only when its first argument fails, not when it is known only at apply', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
}
variable "settings" {
  default = {}
}
variable "required_days" {
  type = number
}
resource "aws_cloudwatch_log_group" "fallback" {
  retention_in_days = try(var.settings.retention, 30)
}
resource "aws_cloudwatch_log_group" "required" {
  retention_in_days = try(var.required_days, 30)
}
resource "aws_cloudwatch_log_group" "data" {
  retention_in_days = try(data.aws_ssm_parameter.days.value, 30)
}
resource "aws_cloudwatch_log_group" "can" {
  retention_in_days = can(var.settings.retention) ? var.settings.retention : 14
}
resource "aws_cloudwatch_log_group" "lookup" {
  retention_in_days = lookup(var.settings, "retention", 7)
}
`,
    });
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.fallback'))).toEqual(['known P30D @11']);
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.required'))).toEqual(['unknown: var.required_days has no value (no default, no tfvars, no module input) @14']);
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.data'))[0]).toMatch(/^unknown: data.aws_ssm_parameter.days is read from the provider/);
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.can'))).toEqual(['known P14D @20']);
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.lookup'))).toEqual(['known P7D @23']);
  });

  it('evaluates dynamic lifecycle blocks whose for_each is known, with their iterator', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
}
variable "rules" {
  default = {
    logs = { prefix = "logs/", days = 14 }
    tmp  = { prefix = "tmp/", days = 1, enabled = false }
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  dynamic "rule" {
    for_each = var.rules
    iterator = r
    content {
      id     = r.key
      status = try(r.value.enabled, true) ? "Enabled" : "Disabled"
      filter {
        prefix = r.value.prefix
      }
      expiration {
        days = r.value.days
      }
    }
  }
  dynamic "rule" {
    for_each = data.external.rules.result
    content {
      status = "Enabled"
    }
  }
}
`,
    });
    const b = store(r, 'terraform:aws_s3_bucket.b');
    expect(retention(b)).toEqual([
      'unknown: only objects under "logs/" have a lifecycle rule; objects elsewhere in the bucket are kept until deleted, if any are written there @10',
      'known P14D @25',
      'unknown: dynamic "rule": for_each is not known (data.external.rules is read from the provider when Terraform runs) @29',
    ]);
    expect(b.retention.find((e) => e.status === 'known')?.via).toBe('aws_s3_bucket_lifecycle_configuration.b rule[0] (prefix "logs/").expiration.days');
  });

  it('an event hub is where its namespace is; a BigQuery dataset without location is in the US', async () => {
    const r = await scan({
      'main.tf': `provider "azurerm" {
  features {}
}
provider "google" {
  region = "europe-north1"
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "Sweden Central"
}
resource "azurerm_eventhub_namespace" "ns" {
  name                = "ns"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  sku                 = "Standard"
}
resource "azurerm_eventhub" "hub" {
  name              = "hub"
  namespace_id      = azurerm_eventhub_namespace.ns.id
  partition_count   = 2
  message_retention = 1
}
resource "azurerm_eventhub" "legacy" {
  name                = "legacy"
  namespace_name      = "ns"
  resource_group_name = "rg"
  partition_count     = 2
  message_retention   = 1
}
resource "google_bigquery_dataset" "default" {
  dataset_id = "default"
}
resource "google_bigquery_dataset" "eu" {
  dataset_id = "eu"
  location   = "EU"
}
`,
    });
    expect(store(r, 'terraform:azurerm_eventhub.hub').jurisdiction).toEqual({ region: 'Sweden Central', provider: 'azure', status: 'known', location: { file: 'main.tf', line: 19, column: 3 } });
    expect(store(r, 'terraform:azurerm_eventhub.legacy').jurisdiction).toMatchObject({ status: 'unknown', reason: 'azurerm_eventhub: an event hub is where its namespace is, and it names none by namespace_id (namespace_name is not followed)' });
    expect(store(r, 'terraform:google_bigquery_dataset.default').jurisdiction).toMatchObject({ region: 'US', status: 'known', location: { line: 30 } });
    expect(store(r, 'terraform:google_bigquery_dataset.eu').jurisdiction).toMatchObject({ region: 'EU', status: 'known', location: { line: 35 } });
  });

  it('a Pub/Sub topic is where its storage policy allows; its subscriptions follow it, by reference or by name', async () => {
    const r = await scan({
      'main.tf': `provider "google" {
  region = "europe-north1"
}
resource "google_pubsub_topic" "pinned" {
  name = "pinned"
  message_storage_policy {
    allowed_persistence_regions = ["europe-north1", "europe-west2"]
  }
}
resource "google_pubsub_topic" "free" {
  name = "free"
}
resource "google_pubsub_subscription" "by_ref" {
  name  = "by-ref"
  topic = google_pubsub_topic.pinned.id
}
resource "google_pubsub_subscription" "by_name" {
  name  = "by-name"
  topic = "projects/p/topics/free"
}
`,
    });
    expect(store(r, 'terraform:google_pubsub_topic.pinned').jurisdiction).toMatchObject({ status: 'known', region: 'europe-north1,europe-west2', location: { line: 7 } });
    expect(store(r, 'terraform:google_pubsub_topic.free').jurisdiction).toMatchObject({ status: 'unknown', location: { line: 10 } });
    expect(store(r, 'terraform:google_pubsub_subscription.by_ref').jurisdiction).toMatchObject({ status: 'known', region: 'europe-north1,europe-west2', location: { line: 15 } });
    expect(store(r, 'terraform:google_pubsub_subscription.by_name').jurisdiction).toMatchObject({
      status: 'unknown', reason: expect.stringContaining('google_pubsub_topic.free: without message_storage_policy'), location: { line: 19 },
    });
  });

  it('a GCS Delete rule limited to archived (noncurrent) versions does not bound the live objects', async () => {
    const r = await scan({
      'main.tf': `resource "google_storage_bucket" "b" {
  name     = "b"
  location = "EU"
  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age        = 30
      with_state = "ARCHIVED"
    }
  }
}
resource "google_storage_bucket" "live" {
  name     = "live"
  location = "EU"
  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age        = 14
      with_state = "LIVE"
    }
  }
}
`,
    });
    expect(retention(store(r, 'terraform:google_storage_bucket.b'))).toEqual(['forever @1']);
    expect(retention(store(r, 'terraform:google_storage_bucket.live'))).toEqual(['known P14D @22']);
  });

  it('a Hetzner volume attached at creation is in its server\'s location', async () => {
    const r = await scan({
      'main.tf': `resource "hcloud_server" "s" {
  name        = "s"
  server_type = "cx22"
  location    = "ash"
}
resource "hcloud_volume" "v" {
  name      = "v"
  size      = 10
  server_id = hcloud_server.s.id
}
`,
    });
    expect(store(r, 'terraform:hcloud_volume.v').jurisdiction).toEqual({ region: 'ash', provider: 'hetzner', status: 'known', location: { file: 'main.tf', line: 9, column: 3 } });
  });

  it('count and for_each that multiply through modules are bounded, with a diagnostic, not a hang', async () => {
    const r = await scan({
      'main.tf': 'module "a" {\n  source = "./m1"\n  count  = 1000\n}\n',
      'm1/main.tf': 'module "b" {\n  source = "../m2"\n  count  = 1000\n}\n',
      'm2/main.tf': 'resource "aws_sqs_queue" "q" {\n  count = 1000\n}\n',
    });
    expect(r.stores.length).toBeLessThan(20_000);
    expect(r.stores.length).toBeGreaterThan(1000);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line}`)).toContain('unresolved m2/main.tf:1');
  });

  it('reads AWS Backup plan rules: delete_after per rule, none means kept forever', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
}
resource "aws_backup_plan" "p" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = "v"
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {
      delete_after = 35
    }
  }
  rule {
    rule_name         = "monthly"
    target_vault_name = "v"
    schedule          = "cron(0 5 1 * ? *)"
  }
}
`,
    });
    expect(retention(store(r, 'terraform:aws_backup_plan.p'))).toEqual(['known P35D @11', 'forever @14']);
  });

  it('an S3 lifecycle rule limited by object tag or size covers only those objects', async () => {
    const r = await scan({
      'main.tf': `provider "aws" {
  region = "eu-north-1"
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "tmp"
    status = "Enabled"
    filter {
      tag {
        key   = "kind"
        value = "tmp"
      }
    }
    expiration {
      days = 1
    }
  }
}
resource "aws_s3_bucket" "whole" {
  bucket = "whole"
}
resource "aws_s3_bucket_lifecycle_configuration" "whole" {
  bucket = aws_s3_bucket.whole.id
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    expiration {
      days = 14
    }
  }
}
`,
    });
    const b = store(r, 'terraform:aws_s3_bucket.b');
    expect(retention(b)).toEqual([
      'unknown: only objects matching the filter filter.tag {"key":"kind","value":"tmp"} have a lifecycle rule; objects elsewhere in the bucket are kept until deleted, if any are written there @4',
      'known P1D @19',
    ]);
    expect(retention(store(r, 'terraform:aws_s3_bucket.whole'))).toEqual(['known P14D @33']);
  });

  it('reads Terraform JSON syntax (.tf.json, as CDKTF writes it)', async () => {
    const r = await scan({
      'cdk.tf.json': JSON.stringify({
        provider: { aws: [{ region: 'eu-west-2' }] },
        variable: { days: { default: 30 } },
        resource: {
          aws_cloudwatch_log_group: { app: { name: 'app', retention_in_days: '${var.days}', tags: { data_category: 'debug-data' } } },
        },
      }, null, 2),
    });
    const s = store(r, 'terraform:aws_cloudwatch_log_group.app');
    expect(retention(s)).toEqual(['known P30D @1']);
    expect(s.jurisdiction).toMatchObject({ status: 'known', region: 'eu-west-2' });
    expect(s.categories.map((c) => c.id)).toEqual(['debug-data']);
  });
});

import { describe, expect, it } from 'vitest';
import type { SourceResult, Store } from '../../../src/core/types.js';
import { retention, scan } from './context.js';
import { store } from '../../support/stores.js';


const AWS = 'provider "aws" {\n  region = "eu-north-1"\n}\n';


describe('terraform source: stores from the catalogue', () => {
  it('reads a CloudWatch log group: id, kind, identifier, block line, attribute line, region', async () => {
    const r = await scan({
      'infra/main.tf': `${AWS}
# @category debug-data
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/sms/debug"
  retention_in_days = 14
}
`,
    });
    const s = store(r, 'terraform:infra/aws_cloudwatch_log_group.debug');
    expect(s).toMatchObject({
      kind: 'log-group', name: 'aws_cloudwatch_log_group.debug', source: 'terraform', identifier: '/sms/debug', retentionBearing: true,
      location: { file: 'infra/main.tf', line: 6, column: 1 },
      categories: [{ id: 'debug-data', via: 'annotation', location: { file: 'infra/main.tf', line: 5, column: 3 } }],
      jurisdiction: { region: 'eu-north-1', provider: 'aws', status: 'known', location: { file: 'infra/main.tf', line: 2, column: 3 } },
    });
    expect(s.retention).toEqual([
      { status: 'known', duration: { text: 'P14D', seconds: 14 * 86400 }, bound: 'max', via: 'aws_cloudwatch_log_group.debug.retention_in_days', location: { file: 'infra/main.tf', line: 8, column: 3 } },
    ]);
    expect(r.references).toEqual([{ id: 'debug-data', tag: 'category', location: { file: 'infra/main.tf', line: 5, column: 3 } }]);
  });

  it('states what absence and zero mean, per the catalogue', async () => {
    const r = await scan({
      'main.tf': `${AWS}
resource "aws_cloudwatch_log_group" "none" {}
resource "aws_cloudwatch_log_group" "zero" {
  retention_in_days = 0
}
resource "aws_sqs_queue" "q" {}
resource "aws_kinesis_stream" "k" {
  name = "k"
}
resource "aws_db_instance" "db" {
  identifier = "main"
}
resource "aws_db_instance" "nobackup" {
  backup_retention_period = 0
}
resource "aws_elasticache_cluster" "c" {
  cluster_id = "c"
}
resource "aws_elasticache_replication_group" "r" {
  replication_group_id     = "r"
  snapshot_retention_limit = 5
}
resource "aws_rds_cluster" "aurora" {
  backup_retention_period = 7
}
`,
    });
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.none'))).toEqual(['forever @5']);
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.zero'))).toEqual(['forever @7']);
    expect(retention(store(r, 'terraform:aws_sqs_queue.q'))).toEqual(['known P4D @9']);
    expect(retention(store(r, 'terraform:aws_kinesis_stream.k'))).toEqual(['known PT24H @10']);
    expect(retention(store(r, 'terraform:aws_db_instance.db'))).toEqual(['known P1D @13']);
    expect(store(r, 'terraform:aws_db_instance.nobackup')).toMatchObject({ retention: [], retentionBearing: false, details: { retention: expect.stringContaining('disables automated backups') } });
    expect(store(r, 'terraform:aws_elasticache_cluster.c')).toMatchObject({ retention: [], retentionBearing: false, details: { retention: expect.stringContaining('no automatic snapshots') } });
    expect(retention(store(r, 'terraform:aws_elasticache_replication_group.r'))).toEqual(['known P5D @24']);
    expect(retention(store(r, 'terraform:aws_rds_cluster.aurora'))).toEqual(['known P7D @27']);
    const dynamo = await scan({ 'd.tf': 'resource "aws_dynamodb_table" "t" {\n  name = "t"\n}\n' });
    expect(dynamo.stores[0]).toMatchObject({ retentionBearing: true, retention: [{ status: 'unknown', reason: expect.stringContaining('TTL') }] });
    const def = store(r, 'terraform:aws_sqs_queue.q').retention[0];
    expect(def.reason).toContain('4 days');
    expect(def.via).toContain('provider default');
  });

  it('reads GCP and Azure resources with their locations', async () => {
    const r = await scan({
      'main.tf': `
resource "google_logging_project_bucket_config" "logs" {
  project   = "p"
  location  = "europe-north1"
  bucket_id = "sms-logs"
}
resource "google_pubsub_topic" "t" {
  name                       = "events"
  message_retention_duration = "259200s"
  labels = {
    data_category = "api-traffic"
  }
}
resource "google_pubsub_subscription" "s" {
  name  = "events-sub"
  topic = google_pubsub_topic.t.id
}
resource "azurerm_log_analytics_workspace" "w" {
  name              = "law"
  location          = "Sweden Central"
  retention_in_days = 90
}
`,
    });
    expect(store(r, 'terraform:google_logging_project_bucket_config.logs')).toMatchObject({
      kind: 'log-bucket', identifier: 'sms-logs', jurisdiction: { region: 'europe-north1', provider: 'gcp', status: 'known', location: { line: 4 } },
    });
    expect(retention(store(r, 'terraform:google_logging_project_bucket_config.logs'))).toEqual(['known P30D @2']);
    const topic = store(r, 'terraform:google_pubsub_topic.t');
    expect(retention(topic)).toEqual(['known P3D @9']);
    expect(topic.categories).toEqual([{ id: 'api-traffic', via: 'label', location: { file: 'main.tf', line: 11, column: 5 } }]);
    expect(topic.jurisdiction).toMatchObject({ status: 'unknown', reason: expect.stringContaining('without message_storage_policy, Pub/Sub stores messages in the region nearest to each publisher') });
    expect(retention(store(r, 'terraform:google_pubsub_subscription.s'))).toEqual(['known P7D @14']);
    expect(store(r, 'terraform:azurerm_log_analytics_workspace.w')).toMatchObject({
      kind: 'workspace', jurisdiction: { region: 'Sweden Central', provider: 'azure', status: 'known' },
    });
    expect(retention(store(r, 'terraform:azurerm_log_analytics_workspace.w'))).toEqual(['known P90D @21']);
  });

  it('a GCS retention policy is a minimum; lifecycle deletes are maxima', async () => {
    const r = await scan({
      'main.tf': `
resource "google_storage_bucket" "cdr" {
  name     = "cdr"
  location = "EU"
  retention_policy {
    retention_period = 5184000
  }
  lifecycle_rule {
    condition {
      age = 61
    }
    action {
      type = "Delete"
    }
  }
}
`,
    });
    const s = store(r, 'terraform:google_storage_bucket.cdr');
    expect(s.retention.map((e) => `${e.bound} ${e.duration?.text} @${e.location.line}`)).toEqual(['min P60D @6', 'max P61D @10']);
  });

  it('links S3 lifecycle rules to their bucket, per rule and prefix; disabled rules do not count', async () => {
    const r = await scan({
      'main.tf': `${AWS}
resource "aws_s3_bucket" "b" {
  bucket = "exports"
}
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "logs"
    status = "Enabled"
    filter {
      and {
        prefix = "logs/"
      }
    }
    expiration {
      days = 30
    }
  }
  rule {
    id     = "off"
    status = "Disabled"
    expiration { days = 999 }
  }
}
resource "aws_s3_bucket" "bare" {
  bucket = "bare"
}
`,
    });
    const b = store(r, 'terraform:aws_s3_bucket.b');
    expect(retention(b)).toEqual([
      'unknown: only objects under "logs/" have a lifecycle rule; objects elsewhere in the bucket are kept until deleted, if any are written there @5',
      'known P30D @19',
    ]);
    expect(b.retention[1].via).toBe('aws_s3_bucket_lifecycle_configuration.b rule "logs" (prefix "logs/").expiration.days');
    expect(retention(store(r, 'terraform:aws_s3_bucket.bare'))).toEqual(['forever @28']);
    expect(r.stores.map((s) => s.id)).not.toContain('terraform:aws_s3_bucket_lifecycle_configuration.b');
  });

  it('reports a lifecycle configuration whose bucket cannot be found', async () => {
    const r = await scan({
      'main.tf': `${AWS}
resource "aws_s3_bucket_lifecycle_configuration" "lost" {
  bucket = "not-here"
  rule {
    id = "x"
    status = "Enabled"
    expiration { days = 3 }
  }
}
`,
    });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'unresolved', location: { file: 'main.tf', line: 6, column: 3 }, message: expect.stringContaining('"not-here" names no aws_s3_bucket') }),
    ]);
  });

  it('dynamic lifecycle blocks are unknown, not a pass', async () => {
    const r = await scan({
      'main.tf': `${AWS}
resource "aws_s3_bucket" "d" {
  bucket = "d"
}
resource "aws_s3_bucket_lifecycle_configuration" "d" {
  bucket = aws_s3_bucket.d.id
  dynamic "rule" {
    for_each = var.rules
    content {
      id = rule.key
    }
  }
}
`,
    });
    expect(retention(store(r, 'terraform:aws_s3_bucket.d'))).toEqual(['unknown: dynamic "rule": for_each is not known (var.rules is not declared in the root module) @10']);
  });
});

describe('terraform source: values', () => {
  it('resolves variables, locals, templates, arithmetic, conditionals and functions', async () => {
    const r = await scan({
      'main.tf': `${AWS}
variable "env" {
  default = "prod"
}
variable "days" {
  default = 7
}
locals {
  prefix = "\${var.env}-sms"
  long   = var.env == "prod" ? var.days * 2 : 1
  table  = { debug = 14, traffic = 60 }
}
resource "aws_cloudwatch_log_group" "a" {
  name              = "\${local.prefix}/debug"
  retention_in_days = local.long
}
resource "aws_cloudwatch_log_group" "b" {
  name              = format("%s/%s", local.prefix, "traffic")
  retention_in_days = lookup(local.table, "traffic", 1)
}
resource "aws_cloudwatch_log_group" "c" {
  name              = lower("UPPER")
  retention_in_days = max(3, min(local.table.debug, 30)) + 0
}
`,
    });
    expect(store(r, 'terraform:aws_cloudwatch_log_group.a')).toMatchObject({ identifier: 'prod-sms/debug' });
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.a'))).toEqual(['known P14D @18']);
    expect(store(r, 'terraform:aws_cloudwatch_log_group.b')).toMatchObject({ identifier: 'prod-sms/traffic' });
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.b'))).toEqual(['known P60D @22']);
    expect(store(r, 'terraform:aws_cloudwatch_log_group.c')).toMatchObject({ identifier: 'upper' });
    expect(retention(store(r, 'terraform:aws_cloudwatch_log_group.c'))).toEqual(['known P14D @26']);
  });

  it('terraform.tfvars and *.auto.tfvars override defaults; differing -var-files are unknown', async () => {
    const files = {
      'env/main.tf': `${AWS}
variable "a" {
  default = 1
}
variable "b" {
  default = 1
}
variable "c" {}
resource "aws_cloudwatch_log_group" "a" {
  retention_in_days = var.a
}
resource "aws_cloudwatch_log_group" "b" {
  retention_in_days = var.b
}
resource "aws_cloudwatch_log_group" "c" {
  retention_in_days = var.c
}
`,
      'env/terraform.tfvars': 'a = 5\nb = 5\n',
      'env/z.auto.tfvars': 'b = 9\n',
      'env/prod.tfvars': 'c = 30\n',
      'env/staging.tfvars': 'c = 7\n',
    };
    const r = await scan(files);
    expect(retention(store(r, 'terraform:env/aws_cloudwatch_log_group.a'))).toEqual(['known P5D @13']);
    expect(retention(store(r, 'terraform:env/aws_cloudwatch_log_group.b'))).toEqual(['known P9D @16']);
    expect(retention(store(r, 'terraform:env/aws_cloudwatch_log_group.c'))).toEqual([
      'unknown: var.c depends on the -var-file: prod.tfvars sets 30, staging.tfvars sets 7 @19',
    ]);
  });

  it('reads a data_category tag through merge() and locals; null means "not set"', async () => {
    const r = await scan({
      'main.tf': `${AWS}
variable "tags" {
  default = { team = "sms" }
}
locals {
  common_tags = merge(var.tags, { data_category = "api-traffic" })
}
resource "aws_sqs_queue" "q" {
  message_retention_seconds = var.tags.team == "sms" ? null : 60
  tags                      = local.common_tags
}
`,
    });
    const q = store(r, 'terraform:aws_sqs_queue.q');
    expect(q.categories).toEqual([{ id: 'api-traffic', via: 'tag', location: { file: 'main.tf', line: 13, column: 3 } }]);
    expect(retention(q)).toEqual(['known P4D @12']);
  });

  it('a variable with no value is unknown with its reason', async () => {
    const r = await scan({ 'main.tf': `${AWS}variable "x" {}\nresource "aws_sqs_queue" "q" {\n  message_retention_seconds = var.x\n}\n` });
    expect(retention(store(r, 'terraform:aws_sqs_queue.q'))).toEqual(['unknown: var.x has no value (no default, no tfvars, no module input) @6']);
  });

  it('a reference cycle is unknown and a diagnostic, never a hang', async () => {
    const r = await scan({ 'main.tf': `${AWS}locals {\n  a = local.b + 1\n  b = local.a\n}\nresource "aws_sqs_queue" "q" {\n  message_retention_seconds = local.a\n}\n` });
    expect(retention(store(r, 'terraform:aws_sqs_queue.q'))[0]).toMatch(/^unknown: a reference cycle: local.a → local.b → local.a @9$/);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unresolved', location: { file: 'main.tf', line: 5, column: 3 } })]);
  });

  it('a chain of 5,000 locals is unknown past a depth, not a stack overflow', async () => {
    const locals = Array.from({ length: 5000 }, (_, i) => `  l${i + 1} = local.l${i} + 1`).join('\n');
    const r = await scan({ 'main.tf': `${AWS}locals {\n  l0 = 1\n${locals}\n}\nresource "aws_sqs_queue" "q" {\n  message_retention_seconds = local.l5000\n}\n` });
    expect(retention(r.stores[0])[0]).toMatch(/^unknown: references nested more than 200 deep/);
  });

  it('data sources and splat/for expressions are unknown', async () => {
    const r = await scan({
      'main.tf': `${AWS}
data "aws_ssm_parameter" "days" {
  name = "/retention/days"
}
resource "aws_sqs_queue" "a" {
  message_retention_seconds = data.aws_ssm_parameter.days.value
}
resource "aws_sqs_queue" "b" {
  message_retention_seconds = sum([for d in [1, 2] : d])
}
`,
    });
    expect(retention(store(r, 'terraform:aws_sqs_queue.a'))[0]).toContain('data.aws_ssm_parameter.days is read from the provider');
    expect(retention(store(r, 'terraform:aws_sqs_queue.b'))[0]).toMatch(/^unknown: /);
  });

  it('expands count and for_each when known, and says so when not', async () => {
    const r = await scan({
      'main.tf': `${AWS}
variable "n" {}
resource "aws_sqs_queue" "counted" {
  count                     = 2
  name                      = "q-\${count.index}"
  message_retention_seconds = 3600 * (count.index + 1)
}
resource "aws_sqs_queue" "each" {
  for_each                  = { fast = 60, slow = 7200 }
  name                      = each.key
  message_retention_seconds = each.value
}
resource "aws_sqs_queue" "none" {
  count = 0
}
resource "aws_sqs_queue" "unknown" {
  count = var.n
}
`,
    });
    expect(r.stores.map((s) => s.id)).toEqual([
      'terraform:aws_sqs_queue.counted[0]', 'terraform:aws_sqs_queue.counted[1]',
      'terraform:aws_sqs_queue.each["fast"]', 'terraform:aws_sqs_queue.each["slow"]',
      'terraform:aws_sqs_queue.unknown',
    ]);
    expect(retention(store(r, 'terraform:aws_sqs_queue.counted[1]'))).toEqual(['known PT2H @9']);
    expect(store(r, 'terraform:aws_sqs_queue.each["fast"]')).toMatchObject({ identifier: 'fast' });
    expect(retention(store(r, 'terraform:aws_sqs_queue.each["slow"]'))).toEqual(['known PT2H @14']);
    expect(store(r, 'terraform:aws_sqs_queue.unknown').details?.instances).toContain('var.n has no value');
  });
});

describe('terraform source: providers and modules', () => {
  it('takes the region from the resource, else its provider (alias-aware), else unknown', async () => {
    const r = await scan({
      'main.tf': `${AWS}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
provider "aws" {
  alias = "env"
}
resource "aws_sqs_queue" "default" {}
resource "aws_sqs_queue" "us" {
  provider = aws.us
}
resource "aws_sqs_queue" "own" {
  region = "eu-west-1"
}
resource "aws_sqs_queue" "env" {
  provider = aws.env
}
resource "aws_sqs_queue" "missing" {
  provider = aws.nope
}
`,
    });
    const j = (id: string) => store(r, `terraform:aws_sqs_queue.${id}`).jurisdiction;
    expect(j('default')).toMatchObject({ region: 'eu-north-1', status: 'known', location: { line: 2 } });
    expect(j('us')).toMatchObject({ region: 'us-east-1', status: 'known', location: { line: 14 } });
    expect(j('own')).toMatchObject({ region: 'eu-west-1', status: 'known', location: { line: 17 } });
    expect(j('env')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('provider "aws.env" sets no region'), location: { line: 20 } });
    expect(j('missing')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('no provider "aws.nope"'), location: { line: 23 } });
  });

  it('a Hetzner volume without a location is unknown with what it lacks', async () => {
    const r = await scan({ 'main.tf': 'provider "hcloud" {\n  token = var.token\n}\nresource "hcloud_volume" "v" {\n  size = 10\n}\n' });
    expect(r.stores[0].jurisdiction).toEqual({
      provider: 'hetzner', status: 'unknown', reason: 'hcloud_volume states no location, datacenter, network_zone', location: { file: 'main.tf', line: 4, column: 1 },
    });
  });

  it('evaluates local modules per call with their inputs, providers and outputs', async () => {
    const r = await scan({
      'infra/main.tf': `${AWS}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
# @category debug-data
module "eu" {
  source = "./modules/queue"
  hours  = 72
}
module "us" {
  source    = "./modules/queue"
  hours     = 24
  providers = {
    aws = aws.us
  }
}
resource "aws_sqs_queue" "copy" {
  name                      = module.eu.queue_name
  message_retention_seconds = module.eu.seconds
}
`,
      'infra/modules/queue/main.tf': `variable "hours" {}
resource "aws_sqs_queue" "q" {
  name                      = "q-\${var.hours}"
  message_retention_seconds = var.hours * 3600
}
output "queue_name" {
  value = aws_sqs_queue.q.name
}
output "seconds" {
  value = aws_sqs_queue.q.message_retention_seconds
}
`,
    });
    const eu = store(r, 'terraform:infra/module.eu/aws_sqs_queue.q');
    expect(eu).toMatchObject({
      name: 'module.eu.aws_sqs_queue.q', identifier: 'q-72', location: { file: 'infra/modules/queue/main.tf', line: 2 },
      categories: [{ id: 'debug-data', via: 'inherited' }], jurisdiction: { region: 'eu-north-1' }, details: { module: 'module.eu' },
    });
    expect(retention(eu)).toEqual(['known P3D @4']);
    const us = store(r, 'terraform:infra/module.us/aws_sqs_queue.q');
    expect(us).toMatchObject({ identifier: 'q-24', categories: [], jurisdiction: { region: 'us-east-1' } });
    expect(store(r, 'terraform:infra/aws_sqs_queue.copy')).toMatchObject({ identifier: 'q-72' });
    expect(retention(store(r, 'terraform:infra/aws_sqs_queue.copy'))).toEqual(['known P3D @23']);
    // the module folder is not also read as a root module of its own
    expect(r.stores.map((s) => s.id).filter((id) => id.startsWith('terraform:infra/modules'))).toEqual([]);
  });

  it('never fetches registry, remote or out-of-repository modules: a diagnostic at the source line', async () => {
    const r = await scan({
      'main.tf': `module "registry" {
  source = "terraform-aws-modules/sqs/aws"
}
module "git" {
  source = "git::https://example.com/modules.git"
}
module "outside" {
  source = "../../elsewhere"
}
module "empty" {
  source = "./nothing-here"
}
`,
    });
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.line}`)).toEqual(['module-not-read 2', 'module-not-read 5', 'unresolved 8', 'unresolved 11']);
    expect(r.diagnostics[0].message).toContain('does not fetch modules');
    expect(r.diagnostics[2].message).toContain('outside the repository');
  });

  it('a module calling itself does not recurse forever', async () => {
    const r = await scan({
      'main.tf': 'module "a" {\n  source = "./m"\n}\n',
      'm/main.tf': 'module "again" {\n  source = "../m"\n}\nresource "aws_sqs_queue" "q" {}\n',
    });
    expect(r.stores.map((s) => s.id)).toEqual(['terraform:module.a/aws_sqs_queue.q']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('would recurse')]);
  });
});

describe('terraform source: annotations and bad input', () => {
  it('@policy-ignore becomes a suppression on the store; a data_category tag a claim and a reference', async () => {
    const r = await scan({
      'main.tf': `${AWS}
# @policy-ignore retention-forever -- legal hold until 2099-01-01
resource "aws_cloudwatch_log_group" "hold" {
  tags = {
    team          = "sms"
    data_category = "traffic-data"
  }
}
# @category nonexistent-thing
resource "aws_lambda_function" "f" {}
`,
    });
    expect(r.suppressions).toEqual([
      { rule: 'retention-forever', reason: 'legal hold', until: '2099-01-01', location: { file: 'main.tf', line: 5, column: 3 }, storeId: 'terraform:aws_cloudwatch_log_group.hold' },
    ]);
    expect(store(r, 'terraform:aws_cloudwatch_log_group.hold').categories).toEqual([
      { id: 'traffic-data', via: 'tag', location: { file: 'main.tf', line: 9, column: 5 } },
    ]);
    expect(r.references.map((x) => `${x.id}@${x.location.line}`)).toEqual(['traffic-data@9', 'nonexistent-thing@12']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unresolved', location: { file: 'main.tf', line: 13, column: 1 }, message: expect.stringContaining('not in the resource catalogue') })]);
  });

  it('broken HCL is a parse-error at the line the parser reports; the other files are still read', async () => {
    const r = await scan({
      'a.tf': 'resource "aws_sqs_queue" "ok" {}\n',
      'b.tf': 'resource "aws_sqs_queue" "broken" {\n  name = "x"\n  message_retention_seconds =\n}\n',
    });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', location: { file: 'b.tf', line: 3, column: 30 } })]);
    expect(r.diagnostics[0].message).toMatch(/^Terraform: Invalid expression/);
    expect(r.stores.map((s) => s.id)).toEqual(['terraform:aws_sqs_queue.ok']);
  });

  it('nesting deep enough to crash the parser is refused first, per block; the rest of the file and later files still parse', async () => {
    const deep = `resource "aws_sqs_queue" "deep" {\n${'a {\n'.repeat(5000)}${'}\n'.repeat(5000)}}\n\nresource "aws_sqs_queue" "beside" {}\n`;
    const expr = `locals {\n  x = ${'['.repeat(3000)}${']'.repeat(3000)}\n}\n`;
    const r = await scan({ 'a-deep.tf': deep, 'b-expr.tf': expr, 'c-ok.tf': 'resource "aws_sqs_queue" "ok" {}\n' });
    expect(r.diagnostics.map((d) => `${d.location.file}:${d.location.line} ${d.message}`)).toEqual([
      'a-deep.tf:1 Terraform: a block nested more than 256 levels deep (5001); this block was not parsed, the rest of the file was',
      'b-expr.tf:1 Terraform: a block nested more than 256 levels deep (3001); this block was not parsed, the rest of the file was',
    ]);
    expect(r.stores.map((s) => s.id)).toEqual(['terraform:aws_sqs_queue.beside', 'terraform:aws_sqs_queue.ok']);
  });

  it('a Terraform file over 1 MB is read without the huge block that makes it large, rather than stalling the scan', async () => {
    const big = `locals {\n${Array.from({ length: 100_000 }, (_, i) => `  a${i} = ${i}`).join('\n')}\n}\n\nresource "aws_sqs_queue" "after" {}\n`;
    const r = await scan({ 'big.tf': big, 'ok.tf': 'resource "aws_sqs_queue" "ok" {}\n' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', location: { file: 'big.tf', line: 1, column: 1 } })]);
    expect(r.diagnostics[0]!.message).toMatch(/^Terraform: a block of \d+ characters \(lines 1–100002\) in a file over 1 MB; this block was not parsed, the rest of the file was$/);
    expect(r.stores.map((s) => s.id).sort()).toEqual(['terraform:aws_sqs_queue.after', 'terraform:aws_sqs_queue.ok']);
  });

  it('a Terraform file over 1 MB that is not made large by its blocks is skipped with a warning', async () => {
    const big = `${Array.from({ length: 60_000 }, (_, i) => `# comment line ${i} of a generated header`).join('\n')}\nresource "aws_sqs_queue" "q" {}\n`;
    const r = await scan({ 'big.tf': big, 'ok.tf': 'resource "aws_sqs_queue" "ok" {}\n' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'skipped-file', location: { file: 'big.tf', line: 1, column: 1 } })]);
    expect(r.stores).toHaveLength(1);
  });

  it('a binary .tf is skipped with a diagnostic', async () => {
    const r = await scan({ 'bin.tf': Buffer.from([0x72, 0x65, 0x00, 0xff, 0xfe, 0x01]), 'ok.tf': 'resource "aws_sqs_queue" "ok" {}\n' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'skipped-file', location: { file: 'bin.tf', line: 1, column: 1 } })]);
    expect(r.stores).toHaveLength(1);
  });

  it('invalid UTF-8 text that reaches the parser is a finding, not a crash', async () => {
    const r = await scan({ 'weird.tf': 'resource "aws_sqs_queue" "q" {\n  name = "\uFFFD\uFFFD"\n  ¤¤¤ = = =\n}\n' });
    expect(r.diagnostics.map((d) => `${d.code}@${d.location.line}`)).toEqual(['parse-error@3']);
  });

  it('modules downloaded by terraform init (.terraform/) are not the repository\'s code', async () => {
    const r = await scan({
      'infra/main.tf': 'resource "aws_sqs_queue" "mine" {}\n',
      'infra/.terraform/modules/vpc/main.tf': 'resource "aws_sqs_queue" "theirs" {}\n',
    });
    expect(r.stores.map((s) => s.id)).toEqual(['terraform:infra/aws_sqs_queue.mine']);
  });

  it('the same input gives the same output', async () => {
    const files = { 'b.tf': 'resource "aws_sqs_queue" "b" {}\n', 'a.tf': `${AWS}resource "aws_sqs_queue" "a" {}\n` };
    expect(JSON.stringify(await scan(files))).toBe(JSON.stringify(await scan(files)));
  });
});

describe('terraform source: a user adds a resource type by YAML alone', () => {
  it('reads a resource type from extraResources in the catalogue format', async () => {
    const { parse } = await import('yaml');
    const userMapping = parse(`
provider: aws
terraformProviders: [aws]
providerRegion: region
categoryFrom: [tags.data_category]
resources:
  aws_opensearch_domain:
    kind: index
    identifier: [domain_name]
    retention:
      - attribute: log_publishing_options.retention_days
        unit: d
        absent: {status: forever, reason: "no retention_days"}
`);
    const files = {
      'main.tf': `${AWS}
resource "aws_opensearch_domain" "search" {
  domain_name = "sms-search"
  log_publishing_options {
    retention_days = 21
  }
  tags = { data_category = "debug-data" }
}
`,
    };
    expect((await scan(files)).stores).toEqual([]);
    const r = await scan(files, [userMapping]);
    expect(store(r, 'terraform:aws_opensearch_domain.search')).toMatchObject({
      kind: 'index', identifier: 'sms-search', categories: [{ id: 'debug-data', via: 'tag' }], details: { catalogue: 'configuration resources[0]' },
    });
    expect(retention(store(r, 'terraform:aws_opensearch_domain.search'))).toEqual(['known P21D @8']);
  });

  it('a malformed user mapping is a diagnostic and the built-in catalogue still works', async () => {
    const r = await scan({ 'main.tf': `${AWS}resource "aws_sqs_queue" "q" {}\n` }, [{ provider: 'aws', resources: { x: { kind: 'k', retention: [{ attribute: 'a', unit: 'fortnights' }] } } }]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'configuration', message: expect.stringContaining('unit "fortnights"') })]);
    expect(r.stores).toHaveLength(1);
  });
});

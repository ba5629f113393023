// Deterministic generator of an infrastructure repository for bench/infra.mjs:
// Terraform modules (.tf + tfvars, local module calls, providers with aliases) and Kubernetes
// manifests (multi-document, Helm-rendered, Strimzi topics, Loki ConfigMaps, plain workloads).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const REGIONS = ['eu-north-1', 'eu-west-1', 'eu-central-1', 'us-east-1', 'eu-west-2'];
const CATEGORIES = ['debug-data', 'traffic-data', 'api-traffic', 'traffic-history'];

function write(root, rel, text) {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

function tfFile(r, dir, i) {
  const parts = [];
  const n = 4 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) {
    const cat = CATEGORIES[Math.floor(r() * CATEGORIES.length)];
    const name = `r${i}_${k}`;
    switch (Math.floor(r() * 6)) {
      case 0:
        parts.push(`# Log group ${name} of service ${dir}.\n# @category ${cat}\nresource "aws_cloudwatch_log_group" "${name}" {\n  name              = "\${local.prefix}/${name}"\n  retention_in_days = var.days * ${1 + (k % 3)}\n  tags = {\n    team = "sms"\n    env  = var.env\n  }\n}\n`);
        break;
      case 1:
        parts.push(`resource "aws_sqs_queue" "${name}" {\n  name                      = "\${local.prefix}-${name}"\n  message_retention_seconds = ${3600 * (1 + (k % 96))}\n  tags = {\n    data_category = "${cat}"\n  }\n}\n`);
        break;
      case 2:
        parts.push(`# @category ${cat}\nresource "aws_s3_bucket" "${name}" {\n  bucket   = "${dir.replace(/\//g, '-')}-${name}"\n  provider = aws.${r() < 0.2 ? 'dr' : 'main'}\n}\n\nresource "aws_s3_bucket_lifecycle_configuration" "${name}" {\n  bucket = aws_s3_bucket.${name}.id\n  rule {\n    id     = "expire"\n    status = "Enabled"\n    filter {\n      prefix = "logs/"\n    }\n    expiration {\n      days = ${7 + (k * 13) % 120}\n    }\n  }\n}\n`);
        break;
      case 3:
        parts.push(`resource "google_logging_project_bucket_config" "${name}" {\n  project        = var.project\n  location       = "${r() < 0.5 ? 'europe-north1' : 'EU'}"\n  bucket_id      = "${name}"\n  retention_days = ${14 + k}\n}\n`);
        break;
      case 4:
        parts.push(`resource "aws_security_group" "${name}" {\n  name        = "${name}"\n  description = "not a store: \${var.env}"\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n`);
        break;
      default:
        parts.push(`resource "aws_kinesis_stream" "${name}" {\n  name             = "${name}"\n  shard_count      = ${1 + (k % 4)}\n  retention_period = local.hours\n  count            = ${k % 3}\n}\n`);
    }
  }
  return parts.join('\n');
}

/** Writes `tfFiles` .tf files (10 per module folder) and `manifests` YAML files under root. */
export function generateInfra(root, { tfFiles = 1000, manifests = 500, seed = 1 } = {}) {
  const r = rng(seed);
  const perModule = 10;
  const modules = Math.ceil(tfFiles / perModule);
  let written = 0;
  for (let m = 0; m < modules; m++) {
    const dir = `infra/svc${m}`;
    const region = REGIONS[m % REGIONS.length];
    write(root, `${dir}/providers.tf`, `provider "aws" {\n  region = "${region}"\n}\n\nprovider "aws" {\n  alias  = "main"\n  region = var.region\n}\n\nprovider "aws" {\n  alias  = "dr"\n  region = "us-east-1"\n}\n`);
    write(root, `${dir}/variables.tf`, `variable "env" {}\nvariable "project" {\n  default = "sms"\n}\nvariable "region" {\n  default = "${region}"\n}\nvariable "days" {\n  default = ${7 + (m % 60)}\n}\nlocals {\n  prefix = "/\${var.env}/svc${m}"\n  hours  = 24 * ${1 + (m % 5)}\n}\n`);
    write(root, `${dir}/terraform.tfvars`, `env = "prod"\n`);
    written += 2;
    for (let i = 2; i < perModule && written < tfFiles; i++, written++) write(root, `${dir}/main${i}.tf`, tfFile(r, dir, i));
  }
  for (let k = 0; k < manifests; k++) {
    const docs = [];
    const n = 3 + Math.floor(r() * 6);
    for (let d = 0; d < n; d++) {
      const name = `app${k}-${d}`;
      const cat = CATEGORIES[Math.floor(r() * CATEGORIES.length)];
      switch (Math.floor(r() * 5)) {
        case 0:
          docs.push(`# Source: sms/templates/topics.yaml\n# @category ${cat}\napiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: ${name}\n  labels:\n    strimzi.io/cluster: main\nspec:\n  partitions: 6\n  config:\n    retention.ms: ${3600000 * (1 + (d % 200))}\n`);
          break;
        case 1:
          docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations:\n    policyproof.dev/category: debug-data\ndata:\n  loki.yaml: |\n    limits_config:\n      retention_period: ${24 * (1 + (d % 30))}h\n    compactor:\n      retention_enabled: true\n`);
          break;
        case 2:
          docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/${name}:1.${d}\n          ports:\n            - containerPort: 8080\n          env:\n            - name: LOG_LEVEL\n              value: info\n`);
          break;
        case 3:
          docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 8080\n`);
          break;
        default:
          docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-settings\ndata:\n  FEATURE_X: "true"\n  TIMEOUT: "30s"\n`);
      }
    }
    write(root, `k8s/app${k}.yaml`, `---\n${docs.join('---\n')}`);
  }
  return { tfFiles: written, manifests };
}

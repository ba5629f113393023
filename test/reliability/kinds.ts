/**
 * One small repository per source kind, each with one known violation (`target`) and the files a
 * transform rewrites (`files`, the ones whose text carries the violation or the annotation).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Kind {
  name: string;
  /** repository-relative path → text (LF line endings, UTF-8) */
  repo: Record<string, string>;
  /** the files the transforms rewrite */
  files: string[];
  /** the violation that must survive: rule id and file */
  target: { rule: string; file: string };
  /** copy the repository's own policy into `policy/` (the policy-file kinds transform it) */
  ownPolicy?: boolean;
}

const KAFKA = `# Source: sms/templates/topics.yaml
# Debug events of the gateway.
# @category debug-data
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: gateway-debug
  labels:
    strimzi.io/cluster: sms
spec:
  partitions: 3
  config:
    retention.ms: 2592000000
`;

export const KINDS: Kind[] = [
  {
    name: 'sql',
    repo: {
      'db/V1__stats.sql': `-- Daily counts per sender.
-- @category statistics
CREATE TABLE daily_stats (
  id bigint PRIMARY KEY,
  sender_phone_number text
);
`,
    },
    files: ['db/V1__stats.sql'],
    target: { rule: 'forbidden-data-type', file: 'db/V1__stats.sql' },
  },
  {
    name: 'prisma',
    repo: {
      'prisma/schema.prisma': `// Daily counts per sender.
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

/// Counts per day.
/// @category statistics
model DailyStats {
  id                Int    @id @default(autoincrement())
  senderPhoneNumber String
}
`,
    },
    files: ['prisma/schema.prisma'],
    target: { rule: 'forbidden-data-type', file: 'prisma/schema.prisma' },
  },
  {
    name: 'terraform',
    repo: {
      'terraform/main.tf': `# The region we run in.
data "aws_region" "current" {}

# Shared tags.
module "tags" {
  source = "./modules/tags"
}

# Delivery reports written by the worker.
# @category debug-data
resource "aws_cloudwatch_log_group" "delivery_reports" {
  name = "delivery-reports"
}
`,
      'terraform/modules/tags/main.tf': `output "tags" {\n  value = {}\n}\n`,
    },
    files: ['terraform/main.tf'],
    target: { rule: 'retention-forever', file: 'terraform/main.tf' },
  },
  {
    name: 'kubernetes',
    repo: { 'k8s/topics.yaml': KAFKA },
    files: ['k8s/topics.yaml'],
    target: { rule: 'retention-exceeds-max', file: 'k8s/topics.yaml' },
  },
  {
    name: 'logrotate',
    repo: {
      'config/logrotate.conf': `# Gateway debug logs.
# @category debug-data
/var/log/gateway/*.log {
    daily
    rotate 30
    compress
}
`,
    },
    files: ['config/logrotate.conf'],
    target: { rule: 'retention-exceeds-max', file: 'config/logrotate.conf' },
  },
  {
    name: 'loki',
    repo: {
      'k8s/loki.yaml': `# Loki keeps the debug logs of the API pods.
apiVersion: v1
kind: ConfigMap
metadata:
  name: loki
  annotations:
    policyproof.dev/category: debug-data
data:
  loki.yaml: |
    limits_config:
      retention_period: 720h
    compactor:
      retention_enabled: true
`,
    },
    files: ['k8s/loki.yaml'],
    target: { rule: 'retention-exceeds-max', file: 'k8s/loki.yaml' },
  },
  {
    name: 'typescript',
    repo: {
      'src/retention.ts': `// How long debug logs are kept.
/** @retention debug-data.max */
export const DEBUG_LOG_RETENTION_DAYS = 30;
`,
    },
    files: ['src/retention.ts'],
    target: { rule: 'retention-exceeds-max', file: 'src/retention.ts' },
  },
  {
    name: 'policy-version',
    repo: {},
    files: ['policy/policy.yaml', 'policy/versions/2018-05-20.yaml'],
    target: { rule: 'category-without-retention', file: 'policy/versions/2018-05-20.yaml' },
    ownPolicy: true,
  },
  {
    name: 'translations-lock',
    repo: {},
    files: ['policy/translations.lock'],
    // the lock confirms every pair: no translation finding may appear; the policy's own warning stays
    target: { rule: 'category-without-retention', file: 'policy/versions/2018-05-20.yaml' },
    ownPolicy: true,
  },
  {
    name: 'policyproof-yaml',
    repo: {
      'policyproof.yaml': `# Only the migrations are ours; legacy/ is a vendored dump.
exclude:
  - legacy/**
rules:
  forbidden-data-type: warning
`,
      'db/V1__stats.sql': `-- @category statistics\nCREATE TABLE daily_stats (id bigint, sender_phone_number text);\n`,
      'legacy/dump.sql': `CREATE TABLE old_customers (id bigint, email text);\n`,
    },
    files: ['policyproof.yaml'],
    target: { rule: 'forbidden-data-type', file: 'db/V1__stats.sql' },
  },
];

export const REPO_POLICY = path.resolve(import.meta.dirname, '../../policy');

/** Writes a kind's repository into `dir` (bytes of the transformed files come from `bytesOf`). */
export function writeRepo(dir: string, kind: Kind, bytesOf: (file: string, text: string) => Buffer): void {
  if (kind.ownPolicy) cpSync(REPO_POLICY, path.join(dir, 'policy'), { recursive: true });
  for (const [file, text] of Object.entries(kind.repo)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), kind.files.includes(file) ? bytesOf(file, text) : Buffer.from(text));
  }
  if (kind.ownPolicy) {
    for (const file of kind.files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      writeFileSync(path.join(dir, file), bytesOf(file, text));
    }
  }
}

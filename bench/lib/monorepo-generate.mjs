// A deterministic synthetic monorepo: TypeScript packages of realistic size (100–300 lines a file,
// imports, interfaces, classes, JSDoc, query-builder calls, the odd SQL literal), 1 % of the files
// annotated for policyproof, plus SQL migrations, Terraform and Kubernetes/YAML files.
// Same (tsFiles, seed) → same bytes. Used by bench/monorepo.mjs and by the worker-equality test.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateMigrations } from './schema-generate.mjs';

/** A tiny deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['message', 'number', 'invoice', 'account', 'route', 'carrier', 'webhook', 'balance', 'report', 'session', 'price', 'delivery', 'queue', 'tenant', 'quota', 'template'];
const VERBS = ['load', 'save', 'find', 'update', 'render', 'validate', 'send', 'retry', 'schedule', 'compute', 'merge', 'parse', 'format', 'notify'];
const TYPES = ['string', 'number', 'boolean', 'Date', 'string[]', 'Record<string, number>', 'bigint | null'];
const FIELDS = ['id', 'createdAt', 'updatedAt', 'status', 'amount', 'currency', 'label', 'count', 'region', 'priority', 'attempts', 'enabled', 'externalRef', 'segments'];

const pick = (random, list) => list[Math.floor(random() * list.length)];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function plainFile(i, random, pkg, depth) {
  const noun = pick(random, NOUNS);
  const Noun = cap(noun);
  const lines = [];
  lines.push(`// ${pkg}: ${noun} handling (generated file ${i})`);
  lines.push(`import { z } from 'zod';`);
  lines.push(`import type { Context } from '${'../'.repeat(depth)}core/context.js';`);
  lines.push(`import { logger } from '${'../'.repeat(depth)}core/logger.js';`);
  lines.push('');
  const target = 100 + Math.floor(random() * 200);
  let block = 0;
  while (lines.length < target) {
    const kind = block++ % 4;
    if (kind === 0) {
      lines.push(`/** A ${noun} as the API returns it. */`);
      lines.push(`export interface ${Noun}${block}Dto {`);
      const n = 4 + Math.floor(random() * 8);
      for (let k = 0; k < n; k++) lines.push(`  ${pick(random, FIELDS)}${k}${random() < 0.3 ? '?' : ''}: ${pick(random, TYPES)};`);
      lines.push('}', '');
      lines.push(`export const ${noun}${block}Schema = z.object({`);
      for (let k = 0; k < 4; k++) lines.push(`  ${pick(random, FIELDS)}${k}: z.${pick(random, ['string()', 'number().int()', 'boolean()', 'string().uuid()'])},`);
      lines.push('});', '');
    } else if (kind === 1) {
      const verb = pick(random, VERBS);
      lines.push('/**');
      lines.push(` * Runs ${verb} on a ${noun} for the tenant.`);
      lines.push(` * @param ctx the request context`);
      lines.push(` * @param id the ${noun} id`);
      lines.push(` * @returns the ${noun}, or undefined`);
      lines.push(' */');
      lines.push(`export async function ${verb}${Noun}${block}(ctx: Context, id: string): Promise<${Noun}${Math.max(1, block - 1)}Dto | undefined> {`);
      lines.push(`  const started = Date.now();`);
      lines.push(`  const rows = await ctx.db.select('*').from('${noun}s').where({ id, tenant: ctx.tenant }).limit(${1 + Math.floor(random() * 50)});`);
      lines.push(`  if (rows.length === 0) {`);
      lines.push(`    logger.debug({ id, took: Date.now() - started }, '${noun} not found');`);
      lines.push(`    return undefined;`);
      lines.push('  }');
      lines.push(`  const [first] = rows;`);
      lines.push(`  return { ...first, attempts0: (first.attempts0 ?? 0) + 1 } as ${Noun}${Math.max(1, block - 1)}Dto;`);
      lines.push('}', '');
    } else if (kind === 2) {
      lines.push(`export class ${Noun}Service${block} {`);
      lines.push(`  private readonly cache = new Map<string, number>();`);
      lines.push(`  constructor(private readonly ctx: Context) {}`);
      lines.push('');
      const m = 2 + Math.floor(random() * 4);
      for (let k = 0; k < m; k++) {
        const verb = pick(random, VERBS);
        lines.push(`  /** ${cap(verb)} with retries. */`);
        lines.push(`  async ${verb}${k}(input: { id: string; amount: number }): Promise<number> {`);
        lines.push(`    const key = \`\${input.id}:${k}\`;`);
        lines.push(`    const hit = this.cache.get(key);`);
        lines.push(`    if (hit !== undefined) return hit;`);
        lines.push(`    let total = 0;`);
        lines.push(`    for (let attempt = 0; attempt < ${2 + k}; attempt++) {`);
        lines.push(`      total += Math.round(input.amount * ${(1 + random()).toFixed(3)} * (attempt + 1));`);
        lines.push(`      if (total > ${100 + Math.floor(random() * 1000)}) break;`);
        lines.push('    }');
        lines.push(`    this.cache.set(key, total);`);
        lines.push(`    return total;`);
        lines.push('  }', '');
      }
      lines.push('}', '');
    } else {
      lines.push(`export const ${noun.toUpperCase()}_${block}_LIMITS = {`);
      lines.push(`  maxBatch: ${10 + Math.floor(random() * 500)},`);
      lines.push(`  timeoutMs: ${1000 * (1 + Math.floor(random() * 30))},`);
      lines.push(`  label: '${noun} batch ${block}',`);
      lines.push('} as const;', '');
      lines.push(`export function ${noun}Key${block}(parts: string[]): string {`);
      lines.push(`  return parts.filter(Boolean).map((p) => p.trim().toLowerCase()).join(':');`);
      lines.push('}', '');
    }
  }
  return lines.join('\n') + '\n';
}

/** One of the few annotated files: a retention constant, a categorised type, an entity, a promise, SQL. */
function annotatedFile(i, random, depth, kind) {
  const body = [];
  if (kind === 0) {
    body.push('const DAY_MS = 24 * 60 * 60 * 1000;');
    body.push(`/** @retention ${pick(random, ['traffic-data', 'debug-data'])}.max */`);
    body.push(`export const RETENTION_${i}_MS = ${pick(random, ['60', '14', '90'])} * DAY_MS;`);
  } else if (kind === 1) {
    body.push('/** @category traffic-data */');
    body.push(`export interface CallRecord${i} {`, '  fromNumber: string;', '  toNumber: string;', '  clientIp: string;', '  durationSeconds: number;', '}');
  } else if (kind === 2) {
    body.push("import { Entity, Column, PrimaryGeneratedColumn } from 'typeorm';");
    body.push('/** @category traffic-history */', `@Entity('history_${i}')`, `export class History${i} {`);
    body.push('  @PrimaryGeneratedColumn() id!: number;', "  @Column({ name: 'to_number' }) to!: string;", "  @Column('text') body!: string;", '}');
  } else if (kind === 3) {
    body.push('/** @implements traffic-history.delete */');
    body.push(`export async function deleteHistory${i}(ctx: { db: { query(q: string, p: unknown[]): Promise<void> } }, customer: string) {`);
    body.push("  await ctx.db.query('DELETE FROM message_history WHERE customer_id = $1', [customer]);", '}');
  } else {
    body.push(`export async function purgeDebug${i}(db: { query(q: string): Promise<void> }) {`);
    body.push("  await db.query(`DELETE FROM debug_events WHERE created_at < now() - interval '14 days'`);", '}');
  }
  return `${plainFile(i, random, 'annotated', depth).trimEnd()}\n\n${body.join('\n')}\n`;
}

function terraformFile(i) {
  return [
    `resource "aws_cloudwatch_log_group" "service_${i}" {`,
    `  name              = "/ecs/service-${i}"`,
    `  retention_in_days = ${[7, 14, 30, 60][i % 4]}`,
    `  tags = { data_category = "${i % 2 ? 'debug-data' : 'traffic-data'}" }`,
    '}',
    '',
    `resource "aws_sqs_queue" "jobs_${i}" {`,
    `  name                      = "jobs-${i}"`,
    `  message_retention_seconds = ${3600 * (24 + i)}`,
    '}',
    '',
  ].join('\n');
}

function manifestFile(i) {
  return [
    'apiVersion: kafka.strimzi.io/v1beta2',
    'kind: KafkaTopic',
    'metadata:',
    `  name: events-${i}`,
    '  annotations:',
    `    policyproof.dev/category: ${i % 2 ? 'api-traffic' : 'debug-data'}`,
    'spec:',
    '  partitions: 3',
    '  config:',
    `    retention.ms: ${3600000 * (12 + i)}`,
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: settings-${i}`,
    'data:',
    `  LOG_LEVEL: info`,
    '',
  ].join('\n');
}

/**
 * Writes the monorepo into `dir` (created). Returns the repository-relative paths, sorted.
 * Options: tsFiles (default 5000), seed (default 1), annotatedEvery (default 100: 1 %),
 * migrations (default tsFiles / 50), terraform (default tsFiles / 100), manifests (default tsFiles / 100).
 */
export function generateMonorepo(dir, { tsFiles = 5000, seed = 1, annotatedEvery = 100, migrations, terraform, manifests } = {}) {
  const random = rng(seed);
  const files = [];
  const made = new Set();
  const write = (rel, text) => {
    const abs = path.join(dir, rel);
    const parent = path.dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(abs, text);
    files.push(rel);
  };
  write('package.json', JSON.stringify({ name: 'synthetic-monorepo', private: true, workspaces: ['packages/*'] }, null, 2) + '\n');
  write('.gitignore', 'node_modules/\ndist/\n');
  const perPackage = 100;
  for (let i = 0; i < tsFiles; i++) {
    const pkg = `pkg-${String(Math.floor(i / perPackage)).padStart(3, '0')}`;
    const area = NOUNS[i % NOUNS.length];
    const ext = i % 20 === 7 ? 'tsx' : 'ts';
    const rel = `packages/${pkg}/src/${area}/${area}-${i}.${ext}`;
    const depth = 2;
    const annotated = annotatedEvery > 0 && i % annotatedEvery === annotatedEvery - 1;
    write(rel, annotated ? annotatedFile(i, random, depth, Math.floor(i / annotatedEvery) % 5) : plainFile(i, random, pkg, depth));
  }
  const migrationFiles = generateMigrations(migrations ?? Math.max(5, Math.floor(tsFiles / 50)), seed + 1);
  for (const [name, text] of Object.entries(migrationFiles)) write(`db/migrations/${name}`, text);
  for (let i = 0; i < (terraform ?? Math.max(2, Math.floor(tsFiles / 100))); i++) write(`infra/terraform/service-${i}.tf`, terraformFile(i));
  for (let i = 0; i < (manifests ?? Math.max(2, Math.floor(tsFiles / 100))); i++) write(`deploy/k8s/topic-${i}.yaml`, manifestFile(i));
  return files.sort();
}

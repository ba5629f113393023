import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bundleWithWorker } from '../typescript/helpers.js';
import { memoryContext } from './context.js';
import type * as Source from '../../../src/sources/terraform/index.js';

/*
 * Worker threads run compiled JavaScript: as the TypeScript and code sources' tests do, the
 * Terraform source and its worker are bundled with esbuild (hcl-worker.js beside index.js, as in
 * build/ and in the Action's dist/, where the TypeScript source's worker.js is beside them too),
 * and that bundle is run with threads (the default above 200 files, and two forced) and with none.
 * Under vitest the source itself parses in one thread.
 */
let outdir: string;
let compiled: typeof Source;

beforeAll(async () => {
  ({ outdir, compiled } = await bundleWithWorker<typeof Source>('pp-tf-workers-', 'src/sources/terraform/index.ts', 'src/sources/terraform/hcl-worker.ts', 'hcl-worker', {
    worker: 'src/sources/typescript/worker.ts', // as in the Action's dist/: the TypeScript source's worker.js beside it, not to be taken
  }));
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** `n` module folders, each called from the root, with stores, retention, a lifecycle rule; one file in 7 broken. */
function corpus(n: number): Record<string, string> {
  const out: Record<string, string> = {
    'main.tf': 'provider "aws" {\n  region = "eu-north-1"\n}\n' + Array.from({ length: n }, (_, i) => `module "m${i}" {\n  source = "./modules/m${i}"\n  days   = ${i + 1}\n}\n`).join(''),
  };
  for (let i = 0; i < n; i++) {
    const dir = `modules/m${i}`;
    out[`${dir}/variables.tf`] = 'variable "days" {\n  type = number\n}\n';
    out[`${dir}/logs.tf`] = `# @category debug-data\nresource "aws_cloudwatch_log_group" "debug" {\n  name              = "/m${i}/debug"\n  retention_in_days = var.days * 7\n}\n`;
    out[`${dir}/bucket.tf`] =
      i % 7 === 3
        ? `# @category debug-data\nresource "aws_s3_bucket" "b" {\n  bucket = "m${i}-exports"\n  acl = \n}\n` // a syntax error: a parse-error note, at its line
        : `# @category debug-data\nresource "aws_s3_bucket" "b" {\n  bucket = "m${i}-exports"\n}\n\nresource "aws_s3_bucket_lifecycle_configuration" "b" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    id     = "expire"\n    status = "Enabled"\n    expiration {\n      days = ${30 + i}\n    }\n  }\n}\n`;
  }
  // a line too long (its block refused, the rest read), a block nested too deep, a .tf.json
  out['modules/m1/long.tf'] = `locals {\n  x = "${'a'.repeat(100_001)}"\n}\n\n# @category debug-data\nresource "aws_cloudwatch_log_group" "after_long" {\n  name = "after"\n}\n`;
  out['modules/m2/deep.tf'] = `locals {\n  x = ${'['.repeat(300)}1${']'.repeat(300)}\n}\n`;
  out['modules/m4/queue.tf.json'] = '{"resource":{"aws_sqs_queue":{"q":{"//":"@category debug-data","name":"q","message_retention_seconds":86400}}}}';
  return out;
}

test('worker threads give output identical to a single thread', async () => {
  const files = corpus(80); // 1 + 80 × 3 + 3 = 244 files
  const threaded = memoryContext(files);
  const logs: string[] = [];
  threaded.log = (m) => logs.push(m);
  const byDefault = await compiled.scanTerraform(threaded);
  const single = await compiled.scanTerraform(memoryContext(files), { workers: 0 });
  const forced = memoryContext(files);
  forced.log = (m) => logs.push(m);
  const two = await compiled.scanTerraform(forced, { workers: 2 });
  expect(logs).toEqual(['terraform: 244 files, 233 parsed (on this and 1 worker thread)', 'terraform: 244 files, 233 parsed (on this and 2 worker threads)']);

  expect(single.stores.filter((s) => s.kind === 'log-group').length).toBe(81);
  expect(single.stores.find((s) => s.id === 'terraform:module.m10/aws_cloudwatch_log_group.debug')?.retention[0]).toMatchObject({ status: 'known', duration: { seconds: 77 * 86400 } });
  const notes = single.diagnostics.filter((d) => d.code === 'parse-error').map((d) => `${d.location.file}:${d.location.line}`);
  expect(notes).toEqual(expect.arrayContaining(['modules/m3/bucket.tf:4', 'modules/m1/long.tf:2', 'modules/m2/deep.tf:1']));
  expect(single.stores.find((s) => s.id === 'terraform:module.m11/aws_s3_bucket.b')?.retention[0]).toMatchObject({ status: 'known', duration: { seconds: 41 * 86400 } });
  expect(notes.length).toBe(13); // 11 broken files, a long line, a deep block
  expect(JSON.stringify(byDefault)).toBe(JSON.stringify(single));
  expect(JSON.stringify(two)).toBe(JSON.stringify(single));
}, 120_000);

test('below 200 files, or from the TypeScript sources, the scan parses in its own thread', async () => {
  const files = corpus(20);
  const logs: string[] = [];
  const ctx = memoryContext(files);
  ctx.log = (m) => logs.push(m);
  await compiled.scanTerraform(ctx);
  expect(logs).toContain('terraform: 64 files, 61 parsed');
  const { scanTerraform } = await import('../../../src/sources/terraform/index.js');
  logs.length = 0;
  await scanTerraform(ctx, { workers: 2 });
  expect(logs).toContain('terraform: 64 files, 61 parsed');
});

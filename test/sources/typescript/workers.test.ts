import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module of the benchmarks, without type declarations
import { generateMonorepo } from '../../../bench/lib/monorepo-generate.mjs';
import { bundleWithWorker, contextFor } from './helpers.js';
import type * as Source from '../../../src/sources/typescript/index.js';

/*
 * Worker threads run compiled JavaScript (node cannot load the .ts sources in a worker), so this
 * test bundles the source adapter and its worker with esbuild into node_modules/.cache — the same
 * layout as build/ (worker.js beside index.js) — and runs that bundle, in threads and without.
 * Under vitest the adapter itself always reads in one thread (no worker.js beside index.ts).
 */
let outdir: string;
let compiled: typeof Source;
let repoDir: string;
let files: string[];

beforeAll(async () => {
  ({ outdir, compiled } = await bundleWithWorker<typeof Source>('pp-ts-workers-', 'src/sources/typescript/index.ts', 'src/sources/typescript/worker.ts'));
  repoDir = mkdtempSync(path.join(tmpdir(), 'pp-ts-mono-'));
  // 300 files, one in three annotated: the pre-filter lets ~100 through, all 300 when it is off.
  files = generateMonorepo(repoDir, { tsFiles: 300, annotatedEvery: 3, seed: 7 }) as string[];
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  if (repoDir) rmSync(repoDir, { recursive: true, force: true });
});

test('worker threads give output identical to a single-threaded run', async () => {
  const { ctx, logs } = contextFor(repoDir, files);
  const threaded = await compiled.scanTypeScript(ctx, { prefilter: false }); // 300 files to parse > 200: workers by default
  const single = await compiled.scanTypeScript(ctx, { prefilter: false, workers: 0 });
  expect(threaded.stats).toMatchObject({ files: 300, parsed: 300, workers: 2 });
  expect(single.stats).toMatchObject({ files: 300, parsed: 300, workers: 0 });
  expect(logs[0]).toBe(`typescript: 300 files, 300 parsed on 2 worker threads, 0 skipped, ${single.stats.sqlLiterals} SQL literals`);
  expect(single.stats.sqlLiterals).toBeGreaterThan(10);
  expect(threaded.result.stores.length).toBeGreaterThan(100);
  expect(threaded.result.implementations.length).toBeGreaterThan(10);
  expect(JSON.stringify(threaded.result)).toBe(JSON.stringify(single.result));

  // With the pre-filter on (the default), forced threads again equal one thread, and equal the unfiltered read.
  const filteredThreads = await compiled.scanTypeScript(ctx, { workers: 2 });
  const filteredSingle = await compiled.scanTypeScript(ctx, { workers: 0 });
  expect(filteredThreads.stats).toMatchObject({ parsed: 100, workers: 2 });
  expect(JSON.stringify(filteredThreads.result)).toBe(JSON.stringify(filteredSingle.result));
  expect(JSON.stringify(filteredSingle.result)).toBe(JSON.stringify(single.result));
}, 120_000);

test('from the TypeScript sources (no compiled worker beside them) the scan reads in its own thread', async () => {
  const { scanTypeScript } = await import('../../../src/sources/typescript/index.js');
  const { ctx } = contextFor(repoDir, files.filter((f) => f.endsWith('.ts')).slice(0, 40));
  const r = await scanTypeScript(ctx, { workers: 2, prefilter: false });
  expect(r.stats).toMatchObject({ parsed: 40, workers: 0 });
});

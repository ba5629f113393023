import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bundleWithWorker, contextFor } from '../typescript/helpers.js';
import type * as Source from '../../../src/sources/code/index.js';

/*
 * Worker threads run compiled JavaScript: as the TypeScript source's test does, the code source and
 * its worker are bundled with esbuild (code-worker.js beside index.js, as in build/) and that bundle is
 * run with threads forced on and with none. Under vitest the sources themselves read in one thread.
 */
let outdir: string;
let compiled: typeof Source;
let repoDir: string;
let files: string[];

/** One file per language and kind, `n` times over: tags, retention constants, SQL, models, a syntax error. */
function generate(dir: string, n: number): string[] {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    out[`py/m${i}/models.py`] = `from django.db import models\n\nclass Order${i}(models.Model):\n    buyer_email = models.EmailField(db_column="email")\n    placed_from = models.GenericIPAddressField()\n`;
    out[`py/m${i}/jobs.py`] = `KEEP = ${i + 1}\n\n# @implements traffic-history.delete\ndef purge(cur):\n    cur.execute(f"DELETE FROM fax${i} WHERE created_at < now() - interval '{KEEP * 2} days'")\n`;
    out[`py/m${i}/keep.py`] = `# @retention debug-data.max\nA = timedelta(days=${i + 1})\n`;
    out[`py/m${i}/broken.py`] = `# @category abuse\nBLOCKED = 1\n\ndef oops(:\n    pass\n`;
    out[`go/p${i}/user.go`] = `package p${i}\n\ntype User struct {\n\tgorm.Model\n\tPhone string \`gorm:"column:msisdn;type:varchar(20)"\`\n}\n\n// @implements traffic-history.delete\nfunc Purge() {}\n\nconst q = "DELETE FROM sms${i} " + "WHERE created_at < now() - interval '45 days'"\n`;
    out[`java/C${i}.java`] = `@Entity\n@Table(name = "cards${i}")\nclass C${i} {\n  @Column(name = "pan")\n  private String number;\n  /** @implements traffic-history.delete */\n  void purge() { jdbc.update("DELETE FROM calls${i} WHERE created_at < now() - interval '30 days'"); }\n}\n`;
    out[`kt/L${i}.kt`] = `@Entity\nclass LoginAttempt${i}(@Column(name = "ip") val address: String)\n\n/** @category abuse */\nval blocked = 1\n`;
    out[`rb/app/models/note${i}.rb`] = `class Note${i} < ApplicationRecord\n  # @implements traffic-history.delete\n  def purge; end\nend\n`;
    out[`php/P${i}.php`] = `<?php\n#[ORM\\Entity]\nclass P${i} {\n  #[ORM\\Column(type: 'text')]\n  private string $body;\n}\nDB::statement('DELETE FROM mms${i} ' . "WHERE created_at < now() - interval '20 days'");\n`;
    out[`cs/n${i}/Ctx.cs`] = `namespace N${i} {\nclass Ctx : DbContext {\n  public DbSet<Sms> Texts { get; set; }\n}\n}\n`;
    out[`cs/n${i}/Sms.cs`] = `namespace N${i} {\nclass Sms {\n  [Column("to_number")]\n  public string To { get; set; }\n}\n}\n`;
  }
  for (const [file, text] of Object.entries(out)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Object.keys(out).sort();
}

beforeAll(async () => {
  ({ outdir, compiled } = await bundleWithWorker<typeof Source>('pp-code-workers-', 'src/sources/code/index.ts', 'src/sources/code/code-worker.ts', 'code-worker', {
    worker: 'src/sources/typescript/worker.ts', // as in the Action's dist/: the TypeScript source's worker.js beside it, not to be taken
  }));
  repoDir = mkdtempSync(path.join(tmpdir(), 'pp-code-mixed-'));
  files = generate(repoDir, 12);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  if (repoDir) rmSync(repoDir, { recursive: true, force: true });
});

test('worker threads give output identical to a single thread, in every language', async () => {
  const { ctx, logs } = contextFor(repoDir, files);
  // 132 files, 12 with `@retention` (read in this thread); of the other 120, the first 50 are read here, the rest on the threads
  const threaded = await compiled.scanCode(ctx, { workerThreshold: 50 });
  const single = await compiled.scanCode(ctx, { workers: 0 });
  expect(threaded.stats).toMatchObject({ files: 132, parsed: 132, workers: 1 });
  expect(single.stats).toMatchObject({ files: 132, parsed: 132, workers: 0 });
  expect(logs[0]).toMatch(/^code: 132 files \(.*\), 132 parsed on 1 worker threads, 0 skipped, 48 SQL literals$/);
  const r = single.result;
  expect(r.stores.filter((s) => s.kind === 'table').length).toBeGreaterThan(90);
  expect(r.implementations.length).toBe(48);
  expect(r.stores.filter((s) => s.retention.some((e) => e.status === 'known')).length).toBeGreaterThan(40);
  expect(r.stores.some((s) => s.id === 'code:cs/n3/Sms.cs#Sms')).toBe(true); // a model another file's DbSet maps
  expect(r.diagnostics.filter((d) => d.code === 'parse-error').length).toBe(12);
  expect(JSON.stringify(threaded.result)).toBe(JSON.stringify(single.result));
  // forced threads (two), against the threshold
  const two = await compiled.scanCode(ctx, { workers: 2 });
  expect(two.stats.workers).toBe(2);
  expect(JSON.stringify(two.result)).toBe(JSON.stringify(single.result));
}, 120_000);

test('a grammar that fails to load in the worker threads is one note; the other languages are read', async () => {
  const { ctx } = contextFor(repoDir, files);
  const wasm = { python: path.join(repoDir, 'missing-python.wasm') };
  const threaded = await compiled.scanCode(ctx, { workers: 2, wasm });
  const single = await compiled.scanCode(ctx, { workers: 0, wasm });
  expect(JSON.stringify(threaded.result)).toBe(JSON.stringify(single.result));
  const notes = threaded.result.diagnostics.filter((d) => d.code === 'skipped-file');
  expect(notes.map((d) => `${d.location.file} ${d.message.replace(/\(.*\) could not/, '(…) could not')}`)).toEqual([
    expect.stringMatching(/^py\/m0\/broken\.py Python grammar \(…\) could not be loaded: .*; 48 Python files not read \(the other languages are checked\)$/),
  ]);
  expect(threaded.result.stores.some((s) => s.id.startsWith('code:go/'))).toBe(true);
  expect(threaded.result.stores.some((s) => s.id.startsWith('code:py/'))).toBe(false);
}, 120_000);

test('a worker thread that dies is a logged note: its files are read in this thread and the result is the same', async () => {
  // the same adapter beside a worker script that exits on its first batch (a crash of the thread)
  const crashScript = path.join(repoDir, 'crash.mjs');
  writeFileSync(crashScript, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
  const { outdir: crashDir, compiled: crashing } = await bundleWithWorker<typeof Source>('pp-code-crash-', 'src/sources/code/index.ts', crashScript, 'code-worker');
  try {
    const { ctx, logs } = contextFor(repoDir, files);
    const r = await crashing.scanCode(ctx, { workers: 2 });
    const single = await compiled.scanCode(ctx, { workers: 0 });
    expect(r.stats.workers).toBe(0);
    expect(logs[0]).toMatch(/^code: worker threads failed \(worker exited with code 3\); \d+ files read in this thread$/);
    expect(JSON.stringify(r.result)).toBe(JSON.stringify(single.result));
  } finally {
    rmSync(crashDir, { recursive: true, force: true });
  }
}, 120_000);

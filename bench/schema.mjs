#!/usr/bin/env node
// Schema benchmark (issue 3): replay + classify + rules on a generated 500-migration repository and
// on a 2 MB schema dump, as a ratio to the bare libpg-query parse of the same files, in one run.
// Run after `npm run build`:  node bench/schema.mjs [--rounds N]
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDump, generateMigrations } from './lib/schema-generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(here, '../build/src');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;

const { sqlSource } = await import(join(build, 'sources/sql/index.js'));
const { classifyIdentifier, loadBuiltinDataTypes } = await import(join(build, 'classify/index.js'));
const { check } = await import(join(build, 'engine/check.js'));
const pg = await import('libpg-query');
await pg.loadModule();

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'policyproof-bench-schema-'));
  const repos = { migrations: join(dir, 'migrations-repo'), dump: join(dir, 'dump-repo') };
  mkdirSync(join(dir, 'empty-repo'), { recursive: true });
  mkdirSync(join(repos.migrations, 'db/migrations'), { recursive: true });
  for (const [name, text] of Object.entries(generateMigrations(500))) writeFileSync(join(repos.migrations, 'db/migrations', name), text);
  mkdirSync(join(repos.dump, 'db'), { recursive: true });
  writeFileSync(join(repos.dump, 'db/schema.sql'), generateDump(2 * 1024 * 1024));
  return { dir, repos };
}

function listSql(root) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSyncSorted(join(root, rel))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.sql')) out.push(p);
    }
  };
  walk('');
  return out;
}
import { readdirSync } from 'node:fs';
function readdirSyncSorted(p) {
  return readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The floor: read every file and parse it with libpg-query, nothing else. */
function bareParse(root, files) {
  let statements = 0;
  for (const f of files) statements += pg.parseSync(readFileSync(join(root, f), 'utf8')).stmts.length;
  return statements;
}

/** The SQL source + classifier, as the engine runs them. */
async function scanAndClassify(root, files) {
  const types = loadBuiltinDataTypes();
  const result = await sqlSource.scan({ root, files, read: async (f) => readFileSync(join(root, f), 'utf8'), log() {} });
  for (const s of result.stores) if (s.identifier !== undefined || s.sqlType !== undefined) s.dataTypes = classifyIdentifier(s.identifier ?? '', s.sqlType, types);
  return result.stores.length;
}

/** The whole check (policy, every source, classifier, rules) on the repository. */
async function wholeCheck(root) {
  const r = await check({ root, policyDir: resolve(here, '../policy'), at: '2026-01-01' });
  return r.findings.length;
}

/**
 * CPU time (user + system, all threads of this process) of one call, in ms. On a shared machine
 * wall time mostly measures the neighbours; CPU time measures the work.
 */
async function time(fn) {
  const before = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);

const { dir, repos } = setUp();
try {
  console.log(`schema benchmark: ${rounds} rounds, CPU ms of the best round (node ${process.version}, load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
  // the fixed cost of a check (policy, rule modules, every source's start-up) on an empty repository
  const empty = join(dir, 'empty-repo');
  await wholeCheck(empty);
  const emptyTimes = [];
  for (let i = 0; i < rounds; i++) emptyTimes.push(await time(() => wholeCheck(empty)));
  const fixed = best(emptyTimes);
  console.log(`empty repository: whole check ${fixed.toFixed(0)} ms (fixed cost, subtracted below as "marginal")`);
  for (const [label, root] of Object.entries(repos)) {
    const files = listSql(root);
    const bytes = files.reduce((n, f) => n + readFileSync(join(root, f)).length, 0);
    // warm-up: WASM, module graph, file cache
    bareParse(root, files);
    await scanAndClassify(root, files);
    await wholeCheck(root);
    const t = { parse: [], scan: [], check: [] };
    for (let i = 0; i < rounds; i++) {
      t.parse.push(await time(() => bareParse(root, files)));
      t.scan.push(await time(() => scanAndClassify(root, files)));
      t.check.push(await time(() => wholeCheck(root)));
    }
    // the least disturbed round of each: ratios of the best rounds
    const p = best(t.parse);
    const s = best(t.scan);
    const c = best(t.check);
    const mp = median(t.parse);
    console.log(
      `${label.padEnd(10)} ${String(files.length).padStart(4)} files ${(bytes / 1024 / 1024).toFixed(2)} MB | bare parse ${p.toFixed(0)} ms | ` +
        `replay+classify ${s.toFixed(0)} ms (${(s / p).toFixed(2)}×) | whole check ${c.toFixed(0)} ms, marginal ${(c - fixed).toFixed(0)} ms (${((c - fixed) / p).toFixed(2)}×)`,
    );
    console.log(`${''.padEnd(10)} medians: bare parse ${mp.toFixed(0)} ms, replay+classify ${median(t.scan).toFixed(0)} ms (${(median(t.scan) / mp).toFixed(2)}×), whole check ${median(t.check).toFixed(0)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// The organisation's register (issue 17): `inventory merge` over generated inventories — time and
// peak memory at a small and a large count, one child process per measurement, and a naive merge
// (every inventory parsed and kept, then written) as the in-run yardstick for memory.
// Run after `npm run build`:  node bench/merge.mjs [--sizes 200,2000] [--stores 40] [--keep]
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(here, '../build/src');
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);

// Child: merge one folder and report {ms, maxRssMb}.
if (process.argv[2] === '--child') {
  const [, , , mode, dir, out] = process.argv;
  const started = performance.now();
  if (mode === 'register') {
    const { inventoryFiles, mergeInventories } = await import(join(build, 'register/merge.js'));
    const { renderRegister } = await import(join(build, 'register/render.js'));
    const register = await mergeInventories(await inventoryFiles([dir]));
    const stream = createWriteStream(out);
    await renderRegister(register, 'json', stream);
    await new Promise((r) => stream.end(r));
    register.dispose();
  } else {
    // naive: parse every inventory, keep them all, group in memory, write one string
    const all = readdirSync(dir).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    const byCategory = new Map();
    for (const inv of all) {
      for (const s of inv.stores) {
        if (!byCategory.has(s.category)) byCategory.set(s.category, []);
        byCategory.get(s.category).push({ repository: inv.repository, ...s });
      }
    }
    writeFileSync(out, JSON.stringify([...byCategory]));
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const CATEGORIES = ['traffic-data', 'api-traffic', 'debug-data', 'traffic-history', 'monthly-reports', 'statistics', 'abuse', 'customer-data', 'card-purchases'];
const RETENTION = ['max 60 days', 'max 60 days', 'max 60 days', 'max 90 days', 'max 14 days', ''];

/** N inventories of `stores` rows each, deterministic. */
function generate(dir, n, stores) {
  mkdirSync(dir, { recursive: true });
  let seed = 17;
  const rand = (k) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  for (let i = 0; i < n; i++) {
    const repository = `acme/service-${String(i).padStart(5, '0')}`;
    const rows = [];
    for (let j = 0; j < stores; j++) {
      const retention = RETENTION[rand(RETENTION.length)];
      rows.push({
        category: CATEGORIES[rand(CATEGORIES.length)], categoryDecidedBy: `@category @ db/V${j}.sql:2`, store: `public.table_${j}`, kind: 'table', source: 'sql',
        location: `db/V${j}.sql:3`, dataTypes: 'phone-number (name: msisdn)', retention,
        retentionEvidence: retention ? `pg_cron @ db/V${j}.sql:14` : '', jurisdiction: rand(10) ? 'aws eu-north-1' : 'aws us-east-1',
      });
    }
    const inventory = {
      policy: 'acme', version: rand(20) ? '2027-01-15' : '2018-05-20', at: '2027-02-01', repository,
      source: { kind: 'git', reference: 'github:acme/privacy-policy@v2027-01-15', commit: 'a'.repeat(40) },
      promises: { declared: [{ category: 'traffic-history', promise: 'delete' }], owned: [], implemented: [] },
      stores: rows,
    };
    writeFileSync(join(dir, `${repository.replace('/', '_')}.json`), JSON.stringify(inventory, null, 2));
  }
}

const sizes = arg('--sizes', '200,2000').split(',').map(Number);
const stores = Number(arg('--stores', 40));
const work = mkdtempSync(join(tmpdir(), 'policyproof-bench-merge-'));
const child = (mode, dir) => {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, dir, join(work, `${mode}.out`)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

console.log(`inventory merge — ${stores} stores per inventory; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const results = [];
for (const n of sizes) {
  const dir = join(work, `n${n}`);
  generate(dir, n, stores);
  const register = child('register', dir);
  const naive = child('naive', dir);
  results.push({ n, register, naive });
  console.log(`  ${String(n).padStart(6)} inventories (${n * stores} stores): register ${register.ms.toFixed(0)} ms, peak ${register.maxRssMb.toFixed(0)} MB; naive in-memory ${naive.ms.toFixed(0)} ms, peak ${naive.maxRssMb.toFixed(0)} MB`);
}
if (results.length >= 2) {
  const [a, b] = [results[0], results[results.length - 1]];
  console.log(`  ${b.n}/${a.n} inventories (×${(b.n / a.n).toFixed(0)}): register time ×${(b.register.ms / a.register.ms).toFixed(2)}, peak memory ×${(b.register.maxRssMb / a.register.maxRssMb).toFixed(2)}; naive peak memory ×${(b.naive.maxRssMb / a.naive.maxRssMb).toFixed(2)}`);
  console.log(`  at ${b.n}: register peak memory / naive peak memory = ${(b.register.maxRssMb / b.naive.maxRssMb).toFixed(2)}`);
}
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`  kept ${work}`);

#!/usr/bin/env node
// The whole check on any checkout against its parse floor. Run after `npm run build`:
//
//   node bench/real.mjs <dir> [--rounds 3] [--at 2026-11-28] [--include-tests]
//
// --include-tests reads test code too (test/, *.spec.*), as `policyproof check --include-tests` does:
// on TypeORM that is where most of the decorated entities are.
//
// Prints the files, how many of them the TypeScript and Terraform sources parsed, the parse floor
// (every file read and parsed once by its kind's parser, in one thread), the whole `policyproof check`
// (best of --rounds, interleaved with the floor in the same run), their ratio, and the peak memory
// (maxRSS) of one whole check in a child process of its own. The policy is policyproof's own policy/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { kindOf, parseFloorFor } from './lib/parse-floor.mjs';
import { built, projectRoot, requireBuild } from './lib/built.mjs';

const policyDir = path.join(projectRoot, 'policy');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' }, at: { type: 'string', default: '2026-11-28' },
    'include-tests': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false }, 'child-floor': { type: 'boolean', default: false },
  },
});
const root = positionals[0] && path.resolve(positionals[0]);
const includeTests = values['include-tests'];
const testFlag = includeTests ? ['--include-tests'] : [];
if (!root || !existsSync(root)) {
  console.error('usage: node bench/real.mjs <dir> [--rounds 3]');
  process.exit(2);
}
requireBuild('bench/real.mjs', 'engine/check.js');
const { check } = await import(built('engine/check.js'));

// ───────────── child mode: one whole check, then its peak memory ─────────────
if (values.child) {
  const started = performance.now();
  const r = await check({ root, policyDir, at: values.at, includeTests });
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, findings: r.findings.length }) + '\n');
  process.exit(0);
}

const { discoverFiles } = await import(path.join(projectRoot, 'build', 'src', 'engine', 'files.js'));

// ───────────── child mode: one cold parse floor (parsers loaded, files listed, then timed) ─────────────
if (values['child-floor']) {
  const { files } = await discoverFiles({ root, excludeDirs: [], includeTests });
  const started = performance.now();
  await (await parseFloorFor())(root, files);
  process.stdout.write(JSON.stringify({ ms: performance.now() - started }) + '\n');
  process.exit(0);
}
const rounds = Math.max(1, Number(values.rounds));
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

const { files } = await discoverFiles({ root, excludeDirs: [], includeTests });
const kinds = { ts: 0, sql: 0, tf: 0, yaml: 0, other: 0 };
for (const f of files) kinds[kindOf(f)]++;
const floor = await parseFloorFor();

/** The log lines of the sources that say what they parsed ("typescript: 3571 files, 1590 parsed …"). */
let notes = [];
const runCheck = () => check({ root, policyDir, at: values.at, includeTests, log: (m) => { if (/^(typescript|terraform):|^policyproof: \w+ in \d+ ms/.test(m)) notes.push(m); } });
const time = async (fn) => {
  const t = performance.now();
  // the process's CPU time counts every thread: the check's worker threads are not free
  const cpu = process.cpuUsage();
  const out = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, out };
};

console.log(`policyproof whole check vs parse floor — ${root}`);
console.log(`node ${process.version}, ${os.availableParallelism?.() ?? os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; best of ${rounds}${includeTests ? '; test code included' : ''}`);
// Warm-up: parsers loaded, WASM compiled, the JIT has seen both paths.
await floor(root, files);
await runCheck();
let bestFloor = Infinity;
let bestCheck = Infinity;
let bestFloorCpu = Infinity;
let bestCheckCpu = Infinity;
let findings = 0;
let lastNotes = [];
for (let i = 0; i < rounds; i++) {
  const f = await time(() => floor(root, files));
  bestFloor = Math.min(bestFloor, f.ms);
  bestFloorCpu = Math.min(bestFloorCpu, f.cpuMs);
  notes = [];
  const c = await time(runCheck);
  bestCheck = Math.min(bestCheck, c.ms);
  bestCheckCpu = Math.min(bestCheckCpu, c.cpuMs);
  findings = c.out.findings.length;
  lastNotes = notes;
}
const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), root, '--child', '--at', values.at, ...testFlag], { encoding: 'utf8', maxBuffer: 16 << 20 });
const peak = child.status === 0 ? JSON.parse(child.stdout.trim().split('\n').pop()) : undefined;
const coldFloorRun = spawnSync(process.execPath, [fileURLToPath(import.meta.url), root, '--child-floor', ...testFlag], { encoding: 'utf8', maxBuffer: 16 << 20 });
const coldFloor = coldFloorRun.status === 0 ? JSON.parse(coldFloorRun.stdout.trim().split('\n').pop()) : undefined;

const parsedOf = (source) => lastNotes.find((n) => n.startsWith(`${source}:`)) ?? `${source}: (no files)`;
console.log(`files:        ${files.length} (ts/js ${kinds.ts}, sql ${kinds.sql}, tf ${kinds.tf}, yaml ${kinds.yaml}, other ${kinds.other}); findings: ${findings}`);
console.log(`parsed:       ${parsedOf('typescript')}`);
console.log(`              ${parsedOf('terraform')}`);
console.log(`per source:   ${lastNotes.filter((n) => n.startsWith('policyproof:')).map((n) => n.replace('policyproof: ', '')).join(', ')}`);
console.log(`parse floor:  ${fmt(bestFloor)}  (every file read and parsed once by its kind's parser, one thread)`);
console.log(`check:        ${fmt(bestCheck)}  (the whole policyproof check)`);
console.log(`ratio:        ${(bestCheck / bestFloor).toFixed(2)}x the parse floor  (target <= 1.2x)`);
console.log(`CPU time:     check ${fmt(bestCheckCpu)} on all its threads, parse floor ${fmt(bestFloorCpu)} = ${(bestCheckCpu / bestFloorCpu).toFixed(2)}x  (the work done, whatever the cores)`);
if (peak && coldFloor) console.log(`cold, one process each: check ${fmt(peak.ms)} (compiler loads, cold JIT), parse floor ${fmt(coldFloor.ms)} (parsers loaded first) = ${(peak.ms / coldFloor.ms).toFixed(2)}x`);
console.log(`peak memory:  ${peak ? `${(peak.maxRssKb / 1024).toFixed(0)} MB (maxRSS of one whole check in its own process)` : `child failed: ${child.stderr.trim().split('\n').pop()}`}  (target <= 400 MB)`);

#!/usr/bin/env node
// Whole-check benchmark (issue 5): `policyproof check` on a generated monorepo (TypeScript, SQL,
// Terraform, YAML) versus the parse floor — reading and parsing the same files with the same parsers
// and nothing else — measured in the same run; plus cold starts of the CLI.
// Run after `npm run build`:  node bench/check.mjs [--ts-files N] [--rounds N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { generateMonorepo } from './lib/monorepo-generate.mjs';
import { kindOf, parseFloorFor } from './lib/parse-floor.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
const build = resolve(repoRoot, 'build/src');
const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const tsFiles = arg('--ts-files', 5000);
const rounds = arg('--rounds', 3);

const { check } = await import(join(build, 'engine/check.js'));
const { discoverFiles } = await import(join(build, 'engine/files.js'));
const dir = mkdtempSync(join(tmpdir(), 'policyproof-bench-check-'));
generateMonorepo(dir, { tsFiles, seed: 7 });
const { files } = await discoverFiles({ root: dir });
const kinds = { ts: 0, sql: 0, tf: 0, yaml: 0, other: 0 };
for (const f of files) kinds[kindOf(f)]++;
const readAndParse = await parseFloorFor();
/** The parse floor: every file read and parsed once by the parser its kind needs, nothing else. */
const parseFloor = () => readAndParse(dir, files);

async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const policyDir = join(repoRoot, 'policy');
let findings = 0;
await parseFloor(); // warm both paths once: WASM modules, JIT
await check({ root: dir, policyDir, at: '2026-11-28' });
const floor = [];
const whole = [];
for (let i = 0; i < rounds; i++) {
  floor.push(await time(parseFloor));
  whole.push(await time(async () => { findings = (await check({ root: dir, policyDir, at: '2026-11-28' })).findings.length; }));
}
const best = (xs) => Math.min(...xs);

function cold(args) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    spawnSync(process.execPath, [join(build, 'cli.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });
    runs.push(performance.now() - t);
  }
  return best(runs);
}
const version = cold(['--version']);
const example = cold(['check', 'examples/sms-api', '--at', '2026-11-28', '--format', 'json']);

// Peak memory of the whole check, one child process per repository size (the check, nothing else).
function peakRss(size) {
  const sub = mkdtempSync(join(tmpdir(), `policyproof-bench-rss-${size}-`));
  generateMonorepo(sub, { tsFiles: size, seed: 7 });
  const code = `const { check } = await import(${JSON.stringify(join(build, 'engine/check.js'))});
const r = await check({ root: ${JSON.stringify(sub)}, policyDir: ${JSON.stringify(policyDir)}, at: '2026-11-28' });
console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS, findings: r.findings.length }));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  rmSync(sub, { recursive: true, force: true });
  const { rss, findings: n } = JSON.parse(out.stdout.trim().split('\n').pop());
  return `${size} TS files: ${(rss / 1024).toFixed(0)} MB (${n} findings)`;
}
const memory = [1000, 5000, 10000].map(peakRss);

console.log(`files: ${files.length} (ts/js ${kinds.ts}, sql ${kinds.sql}, tf ${kinds.tf}, yaml ${kinds.yaml}, other ${kinds.other}); findings: ${findings}`);
console.log(`parse floor (read + parse, same parsers): ${best(floor).toFixed(0)} ms  (best of ${rounds})`);
console.log(`policyproof check (whole):               ${best(whole).toFixed(0)} ms  (best of ${rounds})`);
console.log(`ratio check / parse floor:                ${(best(whole) / best(floor)).toFixed(2)}x  (target <= 1.5x)`);
console.log(`peak memory of the whole check (maxRSS, one process each): ${memory.join('; ')}  (target <= 600 MB, flat)`);
console.log(`cold start: policyproof --version ${version.toFixed(0)} ms; check examples/sms-api ${example.toFixed(0)} ms (best of 5)`);
rmSync(dir, { recursive: true, force: true });

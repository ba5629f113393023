#!/usr/bin/env node
// The TypeScript benchmark on a generated monorepo. Run after `npm run build`:
//
//   node bench/monorepo.mjs [--files 5000] [--sizes 1000,5000,10000] [--seed 1] [--eslint-files N] [--keep]
//
// Prints, measured in one run on the same files:
//  (a) the TypeScript scan versus the parse floor (reading + ts.createSourceFile of the same files);
//  (b) the TypeScript scan versus ESLint 10 + @typescript-eslint/parser with a minimal rule that
//      collects the same JSDoc tags;
//  (c) peak memory (maxRSS) of the scan at each size, one child process per size;
//  (d) cold start of `policyproof --version` and of `check` on the bundled example.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateMonorepo } from './lib/monorepo-generate.mjs';
import { built, contextOf, projectRoot, requireBuild } from './lib/built.mjs';

requireBuild('bench/monorepo.mjs', 'sources/typescript/index.js');
const { scanTypeScript, isScriptFile } = await import(built('sources/typescript/index.js'));
const { discoverFiles, readTextFile } = await import(built('engine/files.js'));
const { scriptKindOf } = await import(built('sources/typescript/extract.js'));
const require = createRequire(import.meta.url);

// ───────────── child mode: one scan, then its peak memory ─────────────
if (process.argv[2] === '--child') {
  const [, , , root, count, mode] = process.argv;
  const { files } = await discoverFiles({ root });
  const ts = files.filter(isScriptFile).slice(0, Number(count));
  const started = performance.now();
  const { stats } = await scanTypeScript(contextOf(root, ts), mode === 'all' ? { prefilter: false } : {});
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, stats }) + '\n');
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '5000' },
    sizes: { type: 'string', default: '1000,5000,10000' },
    seed: { type: 'string', default: '1' },
    'eslint-files': { type: 'string' },
    rounds: { type: 'string', default: '3' },
    'eslint-rounds': { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const mainCount = Number(values.files);
const sizes = values.sizes.split(',').map(Number).filter((n) => n > 0);
const rounds = Math.max(1, Number(values.rounds));
const eslintCount = Number(values['eslint-files'] ?? mainCount);
const largest = Math.max(mainCount, ...sizes);

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const best = async (fn, times = rounds) => {
  let min = Infinity;
  let last;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    last = await fn();
    min = Math.min(min, performance.now() - t);
  }
  return { ms: min, last };
};

console.log(`policyproof TypeScript benchmark — node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (best of ${rounds} rounds; ESLint ${values['eslint-rounds']})`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-monorepo-'));
try {
  let t = performance.now();
  generateMonorepo(dir, { tsFiles: largest, seed: Number(values.seed) });
  const { files } = await discoverFiles({ root: dir });
  const scripts = files.filter(isScriptFile);
  const main = scripts.slice(0, mainCount);
  let bytes = 0;
  for (const f of main) bytes += (await readTextFile(dir, f)).text?.length ?? 0;
  console.log(`generated ${files.length} files (${scripts.length} TypeScript) in ${fmt(performance.now() - t)}; measuring on ${main.length} TypeScript files, ${(bytes / 1024 / 1024).toFixed(1)} MB\n`);

  const { ts } = require('ts-morph');
  /** The parse floor: read every file (as the scan does, 32 at a time) and parse it; nothing else. */
  const parseFloor = async (list) => {
    let cursor = 0;
    let nodes = 0;
    const worker = async () => {
      while (cursor < list.length) {
        const file = list[cursor++];
        const r = await readTextFile(dir, file);
        if (r.text === undefined) continue;
        const sf = ts.createSourceFile(file, r.text, ts.ScriptTarget.Latest, false, scriptKindOf(ts, file));
        nodes += sf.statements.length;
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    return nodes;
  };
  const scan = (list, opts) => scanTypeScript(contextOf(dir, list), opts);

  // Warm-up: load the compiler and the SQL adapter, let the JIT see the code.
  await parseFloor(main.slice(0, 300));
  await scan(main.slice(0, 300), { prefilter: false, workers: 0 });

  // ── (a) scan vs parse floor
  const floor = await best(() => parseFloor(main));
  const scanDefault = await best(() => scan(main, {}));
  const scanAllSingle = await best(() => scan(main, { prefilter: false, workers: 0 }));
  const scanAllThreads = await best(() => scan(main, { prefilter: false, workers: 2 }));
  const s = scanDefault.last.stats;
  console.log('(a) TypeScript scan vs parse floor (read + ts.createSourceFile of the same files)');
  console.log(`    parse floor, one thread:                         ${fmt(floor.ms)}`);
  console.log(`    scan, default (pre-filter; parsed ${s.parsed} of ${s.files}, ${s.workers} workers): ${fmt(scanDefault.ms)}  = ${ratio(scanDefault.ms, floor.ms)} the floor   (target ≤ 1.5×)`);
  console.log(`    scan, every file parsed, one thread:             ${fmt(scanAllSingle.ms)}  = ${ratio(scanAllSingle.ms, floor.ms)} the floor`);
  console.log(`    scan, every file parsed, 2 worker threads:       ${fmt(scanAllThreads.ms)}  = ${ratio(scanAllThreads.ms, floor.ms)} the floor`);
  console.log(`    findings input: ${scanDefault.last.result.stores.length} stores, ${scanDefault.last.result.implementations.length} implementations, ${scanDefault.last.result.references.length} tag references, ${s.sqlLiterals} SQL literals\n`);

  // ── (b) scan vs ESLint
  const { Linter } = await import('eslint');
  const tsParser = (await import('@typescript-eslint/parser')).default;
  const TAG = /@(?:category|retention|implements|policy-ignore)\b/;
  let eslintTags = 0;
  let eslintFatal = 0;
  const collect = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      return {
        Program() {
          for (const c of context.sourceCode.getAllComments()) if (TAG.test(c.value)) eslintTags++;
        },
      };
    },
  };
  const linter = new Linter();
  const config = [{
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { parser: tsParser },
    plugins: { pp: { rules: { tags: collect } } },
    rules: { 'pp/tags': 'error' },
  }];
  const eslintList = main.slice(0, eslintCount);
  const runEslint = async (list = eslintList) => {
    eslintTags = 0;
    eslintFatal = 0;
    let cursor = 0;
    const worker = async () => {
      while (cursor < list.length) {
        const file = list[cursor++];
        const r = await readTextFile(dir, file);
        if (r.text === undefined) continue;
        const messages = linter.verify(r.text, config, { filename: file });
        if (messages.some((m) => m.fatal)) eslintFatal++;
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  };
  await runEslint(eslintList.slice(0, 300)); // warm-up
  const eslint = await best(() => runEslint(), Math.max(1, Number(values['eslint-rounds'])));
  const scanForEslint = eslintCount === mainCount ? scanDefault : await best(() => scan(eslintList, {}));
  const ourTags = scanForEslint.last.result.references.length + scanForEslint.last.result.suppressions.length;
  console.log(`(b) TypeScript scan vs ESLint ${Linter.version} + @typescript-eslint/parser ${tsParser.version} (a rule collecting the same JSDoc tags), ${eslintList.length} files`);
  console.log(`    ESLint:                                          ${fmt(eslint.ms)}  (${eslintTags} tagged comments, ${eslintFatal} files it could not parse)`);
  console.log(`    scan, default:                                   ${fmt(scanForEslint.ms)}  → ESLint takes ${ratio(eslint.ms, scanForEslint.ms)} as long   (target ≥ 2×)  (${ourTags} tags read)`);
  if (eslintCount === mainCount) {
    console.log(`    scan, every file parsed, one thread:             ${fmt(scanAllSingle.ms)}  → ESLint takes ${ratio(eslint.ms, scanAllSingle.ms)} as long`);
  }
  console.log('');

  // ── (c) peak memory per size, one child process each
  console.log('(c) peak memory (maxRSS) of the TypeScript scan, one process per size');
  for (const mode of ['default', 'all']) {
    for (const n of sizes) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, String(n), mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) {
        console.log(`    ${n} files (${mode}): child failed: ${child.stderr.trim().split('\n').pop()}`);
        continue;
      }
      const r = JSON.parse(child.stdout.trim().split('\n').pop());
      const label = mode === 'all' ? 'every file parsed' : 'default';
      console.log(`    ${String(n).padStart(6)} files, ${label.padEnd(18)} ${(r.maxRssKb / 1024).toFixed(0).padStart(4)} MB  (${fmt(r.ms)}, parsed ${r.stats.parsed}, ${r.stats.workers} workers)   (target ≤ 600 MB)`);
    }
  }
  console.log('');

  // ── (d) cold start
  console.log('(d) cold start');
  const cli = built('cli.js');
  if (!existsSync(cli)) {
    console.log('    build/src/cli.js is not there (the CLI is built by `npm run build`); skipped');
  } else {
    const time = (args, n) => {
      const list = [];
      let status;
      for (let i = 0; i < n; i++) {
        t = performance.now();
        const r = spawnSync(process.execPath, [cli, ...args], { cwd: projectRoot, encoding: 'utf8' });
        list.push(performance.now() - t);
        status = r.status;
      }
      list.sort((a, b) => a - b);
      return { median: list[Math.floor(list.length / 2)], status };
    };
    const version = time(['--version'], 9);
    console.log(`    policyproof --version:                           ${fmt(version.median)} median of 9   (target < 0.3 s)`);
    const example = path.join(projectRoot, 'examples', 'sms-api');
    if (existsSync(example)) {
      const checked = time(['check', 'examples/sms-api', '--policy', 'policy'], 3);
      console.log(`    policyproof check examples/sms-api:              ${fmt(checked.median)} median of 3 (exit ${checked.status})`);
    } else {
      console.log('    examples/sms-api is not there; check on the example skipped');
    }
  }
} finally {
  if (values.keep) console.log(`\nkept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

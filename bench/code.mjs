#!/usr/bin/env node
// The code source (Python, Go, Java, Kotlin, Ruby, PHP, C#) on real repositories. Run after `npm run build`:
//
//   node bench/code.mjs python=/tmp/real/saleor go=/tmp/real/photoprism … [--rounds 3] [--sizes 0.5,1]
//
// For each language and its repository, measured in one run on the same files:
//  (a) the parse floor: reading every file of the language (32 at a time, as the scan does) and the
//      bare tree-sitter parse of each (parser.parse + tree.delete), nothing else;
//  (b) the whole code scan (default: the text pre-filter, then parse, extract, evaluate constants,
//      SQL literals through the SQL source) against that floor — target ≤ 1.5×;
//  (c) the scan with every file parsed (no pre-filter) against the floor: the cost of extraction itself;
//  (d) peak memory (maxRSS) of the scan at two sizes (fractions of the files), one child process each.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { built, contextOf, requireBuild } from './lib/built.mjs';

requireBuild('bench/code.mjs', 'sources/code/index.js');
const { scanCode } = await import(built('sources/code/index.js'));
const { languageOf, LANGUAGES } = await import(built('sources/code/languages.js'));
const { discoverFiles, readTextFile } = await import(built('engine/files.js'));
const require = createRequire(import.meta.url);

async function filesOf(root, lang) {
  const { files } = await discoverFiles({ root });
  return files.filter((f) => languageOf(f)?.id === lang);
}

// ───────────── child mode: one scan, then its peak memory ─────────────
if (process.argv[2] === '--child') {
  const [, , , root, lang, count] = process.argv;
  const all = await discoverFiles({ root });
  const ofLang = (await filesOf(root, lang)).slice(0, Number(count));
  // the other files of the repository stay candidates for imports and go.mod, as in a real check
  const others = all.files.filter((f) => !languageOf(f));
  const started = performance.now();
  const { stats } = await scanCode(contextOf(root, [...ofLang, ...others].sort()));
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS, stats }) + '\n');
  process.exit(0);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, sizes: { type: 'string', default: '0.5,1' } },
});
const rounds = Math.max(1, Number(values.rounds));
const fractions = values.sizes.split(',').map(Number).filter((n) => n > 0 && n <= 1);
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

const { Parser, Language } = await import('web-tree-sitter');
await Parser.init();

async function parseFloor(root, files, lang) {
  const module = LANGUAGES.find((l) => l.id === lang);
  const language = await Language.load(require.resolve(module.wasm));
  const parser = new Parser();
  parser.setLanguage(language);
  const ctx = contextOf(root, files);
  let cursor = 0;
  let parsed = 0;
  const next = async () => {
    while (cursor < files.length) {
      const text = await ctx.read(files[cursor++]);
      if (typeof text !== 'string') continue;
      const tree = parser.parse(text);
      tree?.delete();
      parsed++;
    }
  };
  await Promise.all(Array.from({ length: 32 }, next));
  parser.delete();
  return parsed;
}

console.log(`code source benchmark — node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; best of ${rounds} interleaved rounds`);
for (const arg of positionals) {
  const [lang, root] = arg.split('=');
  if (!LANGUAGES.some((l) => l.id === lang) || !root) {
    console.error(`bench/code.mjs: "${arg}" is not <language>=<folder> (languages: ${LANGUAGES.map((l) => l.id).join(', ')})`);
    process.exit(2);
  }
  const all = (await discoverFiles({ root })).files;
  const files = await filesOf(root, lang);
  const candidates = [...files, ...all.filter((f) => !languageOf(f))].sort();
  await parseFloor(root, files, lang); // warm-up: grammar load, JIT
  await scanCode(contextOf(root, candidates));
  // Interleaved rounds, best of each: on a shared machine the load drifts, and it then drifts for all three alike.
  const floor = { ms: Infinity };
  const scan = { ms: Infinity };
  const everything = { ms: Infinity };
  for (let i = 0; i < rounds; i++) {
    for (const [slot, run] of [[floor, () => parseFloor(root, files, lang)], [scan, () => scanCode(contextOf(root, candidates))], [everything, () => scanCode(contextOf(root, candidates), { prefilter: false })]]) {
      const t = performance.now();
      slot.last = await run();
      slot.ms = Math.min(slot.ms, performance.now() - t);
    }
  }
  const s = scan.last.stats;
  const r = scan.last.result;
  console.log(`\n${lang} — ${root}: ${files.length} files`);
  console.log(`  (a) parse floor (read + tree-sitter parse of every file): ${fmt(floor.ms)}`);
  console.log(`  (b) whole scan, pre-filtered (${s.parsed} parsed${s.workers ? ` on ${s.workers} worker threads` : ''}, ${s.skipped} skipped, ${s.sqlLiterals} SQL literals): ${fmt(scan.ms)} = ${ratio(scan.ms, floor.ms)} the floor`);
  console.log(`  (c) whole scan, every file parsed: ${fmt(everything.ms)} = ${ratio(everything.ms, floor.ms)} the floor`);
  console.log(`      found: ${r.stores.length} stores (${r.stores.filter((x) => x.kind === 'table').length} tables), ${r.implementations.length} promises, ${r.diagnostics.length} notes`);
  const mem = [];
  for (const f of fractions) {
    const count = Math.max(1, Math.round(files.length * f));
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', root, lang, String(count)], { encoding: 'utf8' });
    const line = child.stdout.trim().split('\n').pop();
    if (child.status !== 0 || !line) {
      mem.push(`${count} files: failed (${child.stderr.trim().split('\n').pop()})`);
      continue;
    }
    const m = JSON.parse(line);
    mem.push(`${count} files: ${Math.round(m.maxRssKb / 1024)} MB`);
  }
  console.log(`  (d) peak memory of the scan: ${mem.join('; ')}`);
}

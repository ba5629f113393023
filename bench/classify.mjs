#!/usr/bin/env node
// Classifier benchmark (issue 13): precision and recall of the data-type classifier on the labelled
// identifiers of public repositories (test/classify/corpus/, split by repository into a half to
// develop on and a held-out half, plus a fresh half labelled blind after the classifier was frozen)
// and on the curated list (test/classify/curated.tsv).
// Run after `npm run build`:  node bench/classify.mjs [--wrong develop|held-out|fresh|blind2|…|blind23|blind8+9|…|blind22+23|blind18-21|curated]
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScore, readCorpus, readCurated, score } from './lib/classify-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { classifyColumn, loadBuiltinDataTypes } = await import(join(resolve(here, '../build/src'), 'classify/index.js'));
const types = loadBuiltinDataTypes();
const classify = (row) => classifyColumn({ table: row.table, identifier: row.identifier, declaredType: row.declaredType }, types).map((h) => h.type);

// identifiers.tsv (develop, held-out, fresh), then every blind set, each labelled from other repositories
// while the classifier was tuned on the sets before it, and scored once before it was tuned on
// (corpus/README.md tells each one's story). Blind sets labelled at the same time are also scored together.
const corpusDir = resolve(here, '../test/classify/corpus');
const blindNumber = (f) => Number(/^blind(\d+)\.tsv$/.exec(f)?.[1]);
const blindFiles = readdirSync(corpusDir).filter((f) => blindNumber(f) > 0).sort((a, b) => blindNumber(a) - blindNumber(b));
const corpus = [readCorpus(join(corpusDir, 'identifiers.tsv')), ...blindFiles.map((f) => readCorpus(join(corpusDir, f)))].flat();
const half = (...names) => corpus.filter((r) => names.includes(r.half));
const halves = { develop: half('develop'), 'held-out': half('held-out'), fresh: half('fresh') };
for (const f of blindFiles) {
  const name = f.replace(/\.tsv$/, '');
  halves[name] = half(name);
  // pairs labelled at the same time: 8+9, 10+11, 12+13 (a pair's first number is even, from 8 on)
  const n = blindNumber(f);
  if (n >= 9 && n % 2 === 1 && halves[`blind${n - 1}`]) halves[`blind${n - 1}+${n}`] = half(`blind${n - 1}`, name);
}
// blind18 to blind21 were labelled at the same time, from 29 repositories, as a held-out half of issue 13's
// measurement: scored once, together, by the classifier frozen before any of them was read (blind22+23 is a pair)
const together = ['blind18', 'blind19', 'blind20', 'blind21'];
if (together.every((name) => halves[name])) halves['blind18-21'] = half(...together);
halves.curated = readCurated(resolve(here, '../test/classify/curated.tsv'));
const repositories = [...new Set(corpus.map((r) => `${r.repository}@${r.commit.slice(0, 12)} (${r.half})`))];
console.log(`corpus: ${corpus.length} identifiers from ${repositories.length} repositories\n  ${repositories.join('\n  ')}\n`);
const scores = Object.fromEntries(Object.entries(halves).map(([name, rows]) => [name, score(rows, classify)]));
for (const [name, s] of Object.entries(scores)) console.log(formatScore(name, s));

// How far two people agree: blind9 labelled a second time, independently, by another labeller who never
// saw the first labels. The second labeller's labels are scored as if they were a classifier's.
const second = readCorpus(resolve(here, '../test/classify/corpus/blind9-second.tsv'));
const rowKey = (r) => `${r.repository}|${r.location}|${r.table}|${r.identifier}|${r.declaredType}`;
const secondLabels = new Map(second.map((r) => [rowKey(r), r.expected]));
console.log(formatScore('blind9, 2nd labeller', score(halves.blind9, (r) => secondLabels.get(rowKey(r)) ?? [])));

const show = process.argv[process.argv.indexOf('--wrong') + 1];
if (process.argv.includes('--wrong') && scores[show]) {
  console.log(`\nmisclassified in ${show}:`);
  for (const { row, got } of scores[show].wrong) {
    console.log(`  ${row.table ? `${row.table}.` : ''}${row.identifier} (${row.declaredType ?? '-'}): expected [${row.expected}] got [${got}]${row.location ? `  ${row.repository} ${row.location}` : ''}`);
  }
}

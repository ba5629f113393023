#!/usr/bin/env node
// Classifier benchmark (issue 13): precision and recall of the data-type classifier on the labelled
// identifiers of public repositories (test/classify/corpus/, split by repository into a half to
// develop on and a held-out half, plus a fresh half labelled blind after the classifier was frozen)
// and on the curated list (test/classify/curated.tsv).
// Run after `npm run build`:  node bench/classify.mjs [--wrong develop|held-out|fresh|blind2|blind3|blind4|blind5|blind6|blind7|blind8|blind9|blind8+9|blind10|blind11|blind10+11|blind12|blind13|blind12+13|curated]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScore, readCorpus, readCurated, score } from './lib/classify-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { classifyColumn, loadBuiltinDataTypes } = await import(join(resolve(here, '../build/src'), 'classify/index.js'));
const types = loadBuiltinDataTypes();
const classify = (row) => classifyColumn({ table: row.table, identifier: row.identifier, declaredType: row.declaredType }, types).map((h) => h.type);

const corpus = [
  ...readCorpus(resolve(here, '../test/classify/corpus/identifiers.tsv')),
  // a second blind set, labelled from other repositories while the classifier was tuned on the rest
  ...readCorpus(resolve(here, '../test/classify/corpus/blind2.tsv')),
  // a third, labelled from six more repositories while round 3 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind3.tsv')),
  // a fourth, labelled from six more repositories (Laravel, Rails, SQL, Doctrine, Django) while round 4 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind4.tsv')),
  // a fifth, labelled from eight more repositories while round 5 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind5.tsv')),
  // a sixth, labelled from eight more repositories while round 6 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind6.tsv')),
  // a seventh, labelled from eight more repositories while round 7 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind7.tsv')),
  // an eighth and a ninth, labelled at the same time from fifteen more repositories while round 8 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind8.tsv')),
  ...readCorpus(resolve(here, '../test/classify/corpus/blind9.tsv')),
  // a tenth and an eleventh, labelled at the same time from fifteen more repositories while round 9 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind10.tsv')),
  ...readCorpus(resolve(here, '../test/classify/corpus/blind11.tsv')),
  // a twelfth and a thirteenth, labelled at the same time from sixteen more repositories while round 10 tuned on all of the above
  ...readCorpus(resolve(here, '../test/classify/corpus/blind12.tsv')),
  ...readCorpus(resolve(here, '../test/classify/corpus/blind13.tsv')),
];
const halves = {
  develop: corpus.filter((r) => r.half === 'develop'),
  'held-out': corpus.filter((r) => r.half === 'held-out'),
  fresh: corpus.filter((r) => r.half === 'fresh'),
  blind2: corpus.filter((r) => r.half === 'blind2'),
  blind3: corpus.filter((r) => r.half === 'blind3'),
  blind4: corpus.filter((r) => r.half === 'blind4'),
  blind5: corpus.filter((r) => r.half === 'blind5'),
  blind6: corpus.filter((r) => r.half === 'blind6'),
  blind7: corpus.filter((r) => r.half === 'blind7'),
  blind8: corpus.filter((r) => r.half === 'blind8'),
  blind9: corpus.filter((r) => r.half === 'blind9'),
  'blind8+9': corpus.filter((r) => r.half === 'blind8' || r.half === 'blind9'),
  blind10: corpus.filter((r) => r.half === 'blind10'),
  blind11: corpus.filter((r) => r.half === 'blind11'),
  'blind10+11': corpus.filter((r) => r.half === 'blind10' || r.half === 'blind11'),
  blind12: corpus.filter((r) => r.half === 'blind12'),
  blind13: corpus.filter((r) => r.half === 'blind13'),
  'blind12+13': corpus.filter((r) => r.half === 'blind12' || r.half === 'blind13'),
  curated: readCurated(resolve(here, '../test/classify/curated.tsv')),
};
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

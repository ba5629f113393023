#!/usr/bin/env node
// An experiment, not part of the checker (issue 13): would a model learned from the labelled corpus do
// better than the vocabulary's rules on schemas it has not seen? A multinomial logistic regression over
// the identifier's words, the table's words and contexts, the declared type and the rules' own answer,
// trained on every labelled set but the ones named with --test, then scored once on those.
// Run after `npm run build`:  node bench/classify-learned.mjs --test blind22,blind23 [--cv]
//   --no-rules  leaves the rules' answer out of the features
//   --cv  also prints a 5-fold cross-validation by repository on the training sets (the rules were
//         tuned on those rows, so their answer leaks into it: a check of the model's code, not a measure)
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { formatScore, readCorpus, score } from './lib/classify-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(here, '../build/src');
const { explainColumn, loadBuiltinDataTypes, classifierSettings, splitWords, normalizeWord } = await import(join(build, 'classify/index.js'));
const { contextsOf, tableWords } = await import(join(build, 'classify/context.js'));
const types = loadBuiltinDataTypes();
const settings = classifierSettings();

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const testSets = (arg('--test') ?? '').split(',').filter(Boolean);
// --no-rules: the words, the table and the type alone (a cross-validation with nothing the rules learned)
const noRules = process.argv.includes('--no-rules');
const corpusDir = resolve(here, '../test/classify/corpus');
const files = readdirSync(corpusDir).filter((f) => /^(identifiers|blind\d+)\.tsv$/.test(f)).sort();
const rows = files.flatMap((f) => readCorpus(join(corpusDir, f)));
const train = rows.filter((r) => !testSets.includes(r.half));
const test = rows.filter((r) => testSets.includes(r.half));

const rules = (r) => explainColumn({ ...(r.table ? { table: r.table } : {}), identifier: r.identifier, declaredType: r.declaredType }, types).hits.map((h) => h.type);

function typeClass(t) {
  if (!t) return 'none';
  const s = t.toLowerCase();
  if (/bool|tinyint\(1\)|bit\b/.test(s)) return 'bool';
  if (/date|time/.test(s)) return 'time';
  if (/uuid|guid|uniqueidentifier/.test(s)) return 'uuid';
  if (/int|serial|decimal|numeric|float|double|real|number|money/.test(s)) return 'number';
  if (/json|hstore|\[\]|array/.test(s)) return 'json';
  if (/blob|binary|bytea|image/.test(s)) return 'binary';
  if (/char|text|string|clob|citext|varchar/.test(s)) return 'text';
  if (/inet|cidr/.test(s)) return 'inet';
  return 'other';
}

function features(r) {
  const words = splitWords(r.identifier).map(normalizeWord).filter(Boolean);
  const f = new Set(['bias']);
  for (const w of words) f.add(`w:${w}`);
  for (let i = 0; i + 1 < words.length; i++) f.add(`b:${words[i]}_${words[i + 1]}`);
  f.add(`whole:${words.join('_')}`);
  if (words.length) { f.add(`last:${words[words.length - 1]}`); f.add(`first:${words[0]}`); }
  f.add(`n:${Math.min(words.length, 4)}`);
  const tc = typeClass(r.declaredType);
  f.add(`ty:${tc}`);
  const len = /\((\d+)\)/.exec(r.declaredType ?? '')?.[1];
  if (len) f.add(`len:${Number(len) < 8 ? 'short' : Number(len) < 64 ? 'mid' : 'long'}`);
  if (r.table) {
    const tw = tableWords(r.table);
    for (const w of tw) f.add(`tw:${w}`);
    if (tw.length) f.add(`tlast:${tw[tw.length - 1]}`);
    const ctx = [...contextsOf(r.table, settings.contexts, settings.containerWords).keys()];
    for (const c of ctx) { f.add(`ctx:${c}`); f.add(`ctx:${c}|whole:${words.join('_')}`); if (words.length) f.add(`ctx:${c}|last:${words[words.length - 1]}`); }
    if (words.length && tw.length) f.add(`tlast:${tw[tw.length - 1]}|last:${words[words.length - 1]}`);
  } else f.add('notable');
  const hits = noRules ? [] : rules(r);
  if (hits.length === 0 && !noRules) f.add('r:none');
  for (const h of hits) { f.add(`r:${h}`); f.add(`r:${h}|ty:${tc}`); }
  return [...f];
}

const D = 1 << 18;
const slot = (name) => createHash('md5').update(name).digest().readUInt32LE(0) % D;
const encode = (r) => features(r).map(slot);
const classesOf = (rs) => ['-', ...[...new Set(rs.flatMap((r) => r.expected))].sort()];

function fit(rs, epochs = 12, lr = 0.1, l2 = 1e-6) {
  const classes = classesOf(rs);
  const K = classes.length;
  const W = new Float32Array(D * K);
  const data = rs.map((r) => ({ x: encode(r), y: r.expected.length ? classes.indexOf(r.expected[0]) : 0 }));
  // a fixed order (by the rows' feature slots, rows with the same slots by label): the same input gives the same model
  const key = new Map(data.map((d) => [d, `${d.x.join()}|${d.y}`]));
  data.sort((a, b) => (key.get(a) < key.get(b) ? -1 : key.get(a) > key.get(b) ? 1 : 0));
  const p = new Float64Array(K);
  for (let e = 0; e < epochs; e++) {
    const rate = lr / (1 + e);
    for (const { x, y } of data) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) { let s = 0; for (const j of x) s += W[j * K + k]; p[k] = s; if (s > max) max = s; }
      let z = 0;
      for (let k = 0; k < K; k++) { p[k] = Math.exp(p[k] - max); z += p[k]; }
      for (let k = 0; k < K; k++) {
        const g = p[k] / z - (k === y ? 1 : 0);
        for (const j of x) W[j * K + k] -= rate * (g + l2 * W[j * K + k]);
      }
    }
  }
  // a row → the chance of none and the most likely data type
  return (r) => {
    const x = encode(r);
    const s = new Float64Array(K);
    let max = -Infinity;
    for (let k = 0; k < K; k++) { for (const j of x) s[k] += W[j * K + k]; if (s[k] > max) max = s[k]; }
    let z = 0;
    for (let k = 0; k < K; k++) { s[k] = Math.exp(s[k] - max); z += s[k]; }
    let best = 1;
    for (let k = 2; k < K; k++) if (s[k] > s[best]) best = k;
    return { none: s[0] / z, type: classes[best] };
  };
}

/** The data type when the chance of none is below threshold (0.5: about the most likely class, as two compete). */
const decide = ({ none, type }, threshold = 0.5) => (none >= threshold ? [] : [type]);

console.log(`training on ${train.length} identifiers (${new Set(train.map((r) => r.repository)).size} repositories)`);
if (process.argv.includes('--cv')) {
  const fold = (repo) => createHash('md5').update(repo).digest()[0] % 5;
  // each row scored once by the model of the folds without its repository, then decided at each threshold
  const scored = new Map();
  for (let k = 0; k < 5; k++) {
    const model = fit(train.filter((r) => fold(r.repository) !== k));
    for (const r of train.filter((r) => fold(r.repository) === k)) scored.set(r, model(r));
  }
  console.log(formatScore('cv rules', score(train, rules)));
  for (const t of [0.1, 0.2, 0.3, 0.5, 0.7, 0.9]) console.log(formatScore(`cv learned, none < ${t}`, score(train, (r) => decide(scored.get(r), t))));
}
if (test.length) {
  const model = fit(train);
  console.log(formatScore(`rules ${testSets.join('+')}`, score(test, rules)));
  console.log(formatScore(`learned ${testSets.join('+')}`, score(test, (r) => decide(model(r)))));
}

/**
 * The classifier on the labelled corpus of public schemas (test/classify/corpus/). Since tuning
 * round 2 all three halves (develop, held-out, fresh) have been seen and tuned on: each is held to
 * the target. What measures the classifier now is a blind set kept elsewhere.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM shared with bench/classify.mjs
import { formatScore, readCorpus, score } from '../../bench/lib/classify-corpus.mjs';
import { classifyColumn, loadBuiltinDataTypes } from '../../src/classify/index.js';

type Row = { half: string; table: string; identifier: string; declaredType?: string; expected: string[] };
type Score = { precision: number; recall: number; rows: number };

describe('classifier on public schemas', () => {
  const types = loadBuiltinDataTypes();
  const rows = readCorpus(fileURLToPath(new URL('./corpus/identifiers.tsv', import.meta.url))) as Row[];
  const classify = (r: Row) => classifyColumn({ table: r.table, identifier: r.identifier, declaredType: r.declaredType }, types).map((h) => h.type);
  const half = (name: string): Score => score(rows.filter((r) => r.half === name), classify) as Score;

  it('has at least 1,500 labelled identifiers from at least 10 repositories, split by repository', () => {
    expect(rows.length).toBeGreaterThanOrEqual(1500);
    const repos = new Map<string, Set<string>>();
    for (const r of rows as Array<Row & { repository: string }>) repos.set(r.repository, (repos.get(r.repository) ?? new Set()).add(r.half));
    expect(repos.size).toBeGreaterThanOrEqual(10);
    for (const halves of repos.values()) expect(halves.size).toBe(1);
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.90 on the develop half', () => {
    const s = half('develop');
    console.log(formatScore('develop', s));
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.90 on the held-out half (tuned on since round 2)', () => {
    const s = half('held-out');
    console.log(formatScore('held-out', s));
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  // The fresh half was labelled blind, after the classifier was frozen, and committed before it was
  // first scored (precision 0.905, recall 0.864; see corpus/README.md). Tuning round 2 worked on its
  // errors, so it is now development data held to the target like the other halves.
  it('scores the fresh half: at least 1,000 identifiers from at least 4 repositories of no other half', () => {
    const fresh = (rows as Array<Row & { repository: string }>).filter((r) => r.half === 'fresh');
    const others = new Set((rows as Array<Row & { repository: string }>).filter((r) => r.half !== 'fresh').map((r) => r.repository));
    const repos = new Set(fresh.map((r) => r.repository));
    expect(fresh.length).toBeGreaterThanOrEqual(1000);
    expect(repos.size).toBeGreaterThanOrEqual(4);
    for (const repo of repos) expect(others.has(repo)).toBe(false);
    const s = half('fresh');
    console.log(formatScore('fresh', s));
    expect(s.rows).toBe(fresh.length);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  // The blind sets, each scored once blind (corpus/README.md), then tuned on: the classifier must not
  // fall below what it scored on each after that tuning (a guard against a rule that undoes another).
  const blind: Array<[string, number, number]> = [
    ['blind2', 0.95, 0.85], ['blind3', 0.98, 0.91], ['blind4', 0.93, 0.9], ['blind5', 0.99, 0.96], ['blind6', 0.86, 0.9],
    ['blind7', 0.94, 0.87], ['blind8', 0.86, 0.9], ['blind9', 0.83, 0.86], ['blind10', 0.9, 0.86], ['blind11', 0.92, 0.9],
    ['blind12', 0.84, 0.89], ['blind13', 0.93, 0.9], ['blind14', 0.87, 0.81], ['blind15', 0.81, 0.93], ['blind16', 0.89, 0.77], ['blind17', 0.93, 0.78],
    ['blind18', 0.83, 0.77], ['blind19', 0.79, 0.65], ['blind20', 0.93, 0.92], ['blind21', 0.91, 0.61], ['blind22', 0.86, 0.83],
    ['blind23', 0.9, 0.83],
  ];
  for (const [name, precision, recall] of blind) {
    it(`keeps ${name} at precision ≥ ${precision} and recall ≥ ${recall}`, () => {
      const set = readCorpus(fileURLToPath(new URL(`./corpus/${name}.tsv`, import.meta.url))) as Row[];
      expect(set.length).toBeGreaterThanOrEqual(1000);
      const s = score(set, classify) as Score;
      expect(s.precision).toBeGreaterThanOrEqual(precision);
      expect(s.recall).toBeGreaterThanOrEqual(recall);
    });
  }
});

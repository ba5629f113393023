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
});

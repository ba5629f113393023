/**
 * The classifier on the labelled corpus of public schemas (test/classify/corpus/): the develop half
 * at the target, the held-out half kept from falling below where it stands (it is never
 * tuned on; bench/classify.mjs prints both) and the fresh half scored, never tuned on.
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

  it('does not fall below precision 0.90 and recall 0.90 on the held-out half', () => {
    const s = half('held-out');
    console.log(formatScore('held-out', s));
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });

  // The fresh half was labelled blind, after the classifier was frozen, and committed before it was
  // first scored (see corpus/README.md). It is not held to the target (it does not meet it:
  // precision 0.905, recall 0.864 when first scored); it is kept from falling below that first figure.
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
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.recall).toBeGreaterThanOrEqual(0.85);
  });
});

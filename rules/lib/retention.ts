import type { Category, PolicyVersion, Retention, RetentionEvidence, RuleContext, Section, Store } from '../../src/core/types.js';
import { retentionPromise } from './judge.js';
import { describeDuration } from '../../src/core/duration.js';
import { categoriesOf, effectiveCategories, storesById } from './judge.js';

/** One piece of retention evidence of one store, set against one category of the judged version. */
export interface RetentionCase {
  store: Store;
  evidence: RetentionEvidence;
  categoryId: string;
  section: Section;
  category: Category;
  retention: Retention;
  version: PolicyVersion;
}

/** Every (evidence, category with a stated retention) pair in the judged version. */
export function retentionCases(ctx: RuleContext): RetentionCase[] {
  const version = ctx.judged;
  if (!version) return [];
  const cats = categoriesOf(version);
  const byId = storesById(ctx);
  const cases: RetentionCase[] = [];
  for (const store of ctx.stores) {
    if (store.retention.length === 0) continue;
    const storeCats = effectiveCategories(store, byId);
    for (const evidence of store.retention) {
      const ids = evidence.category ? [evidence.category] : storeCats;
      for (const id of ids) {
        const entry = cats.get(id);
        if (!entry?.category.retention || !hasBounds(entry.category.retention)) continue;
        cases.push({ store, evidence, categoryId: id, section: entry.section, category: entry.category, retention: entry.category.retention, version });
      }
    }
  }
  return cases;
}

export function hasBounds(r: Retention): boolean {
  return Boolean(r.max || r.min || r.default);
}

export const days = (seconds: number) => describeDuration({ seconds, text: '' });

/** What the retention says in words: "at most 60 days", "at least 60 days", "90 days by default". */
export function describeRetention(r: Retention): string {
  const parts: string[] = [];
  if (r.min && r.max && r.min.seconds === r.max.seconds) parts.push(`exactly ${describeDuration(r.max)}`);
  else {
    if (r.min) parts.push(`at least ${describeDuration(r.min)}`);
    if (r.max) parts.push(`at most ${describeDuration(r.max)}`);
  }
  if (r.default) parts.push(`${describeDuration(r.default)} by default${r.configurable ? ' (configurable)' : ''}`);
  return parts.join(', ');
}

/** The evidence in words: "pg_cron job 'purge' keeps data 90 days". */
export function describeEvidence(e: RetentionEvidence): string {
  if (e.status === 'forever') return `${e.via} keeps data forever${e.reason ? ` (${e.reason})` : ''}`;
  if (e.status === 'unknown') return `${e.via}: retention cannot be determined${e.reason ? ` (${e.reason})` : ''}`;
  return `${e.via} — keeps data ${e.duration ? describeDuration(e.duration) : '?'}`;
}

export function storeLabel(s: Store): string {
  return `${s.kind} ${s.name}`;
}

/**
 * Reports one retention case: "<store> (<category>): <evidence><verdict> Policy: "…" (sv: "…")",
 * at the evidence, keyed by store + mechanism + category so it survives moved lines.
 */
export function reportCase(ctx: RuleContext, ruleId: string, c: RetentionCase, verdict: string, quoteSeconds?: number): void {
  const promise = retentionPromise(c.version, c.section, quoteSeconds ?? (c.retention.max ?? c.retention.default ?? c.retention.min)?.seconds);
  ctx.report({
    ruleId,
    message: `${storeLabel(c.store)} (${c.categoryId}): ${describeEvidence(c.evidence)}${verdict}`,
    location: c.evidence.location,
    category: c.categoryId,
    storeId: c.store.id,
    key: `${c.store.id}|${c.evidence.via}|${c.categoryId}`,
    promise,
  });
}

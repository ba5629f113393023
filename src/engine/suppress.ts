import type { Finding, Store, Suppression } from '../core/types.js';

export interface SuppressionOptions {
  at: string;
  /** rules an inline suppression may not silence (policyproof.yaml) */
  noInline: string[];
}

/** Which of the rules' findings an inline `@policy-ignore` silences; bookkeeping for the post rules. */
export const suppressionUse = new WeakMap<Suppression, number>();

/**
 * A valid suppression (a reason, not expired, allowed for its rule) silences the findings of its
 * rule on its store (or the store's columns/members), or on its own line or the line below it.
 * Suppressed findings stay in the result, marked, so JSON and SARIF can show them.
 */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], stores: Store[], opts: SuppressionOptions): void {
  const parentOf = new Map(stores.map((s) => [s.id, s.parent]));
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    suppressionUse.set(s, 0);
    if (!isUsable(s, opts)) continue;
    const list = byFile.get(s.location.file);
    if (list) list.push(s);
    else byFile.set(s.location.file, [s]);
  }
  for (const f of findings) {
    const candidates = byFile.get(f.location.file) ?? [];
    const storeChain = new Set<string>();
    for (let id = f.storeId; id && !storeChain.has(id); id = parentOf.get(id)) storeChain.add(id);
    const match = candidates.find(
      (s) =>
        s.rule === f.ruleId &&
        ((s.storeId !== undefined && storeChain.has(s.storeId)) || s.location.line === f.location.line || s.location.line === f.location.line - 1),
    ) ?? suppressions.find((s) => isUsable(s, opts) && s.rule === f.ruleId && s.storeId !== undefined && storeChain.has(s.storeId));
    if (match) {
      suppressionUse.set(match, (suppressionUse.get(match) ?? 0) + 1);
      f.suppressed = { kind: 'inSource', justification: match.reason ?? '', location: match.location };
    }
  }
}

export function isUsable(s: Suppression, opts: SuppressionOptions): boolean {
  return Boolean(s.reason) && !(s.until && s.until < opts.at) && !opts.noInline.includes(s.rule);
}

import { createHash } from 'node:crypto';
import type { Finding, FindingInput } from '../core/types.js';
import { cmp } from '../core/compare.js';

/**
 * A fingerprint that survives moved lines: the rule, the file and a logical key (the store, the
 * policy node or the message), never a line number. Repeats of one key are told apart by order.
 */
export function fingerprintOf(f: Pick<FindingInput, 'ruleId' | 'location' | 'storeId' | 'key' | 'message'>): string {
  const key = f.key ?? f.storeId ?? f.message;
  return createHash('sha256').update(`${f.ruleId}\u0000${f.location.file}\u0000${key}`).digest('hex').slice(0, 32);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.timing ?? '', b.timing ?? '') ||
    cmp(a.message, b.message) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}


/** Makes fingerprints unique inside one run, in sorted order, so the same input gives the same ids. */
export function disambiguate(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    if (n > 0) f.fingerprint = createHash('sha256').update(`${f.fingerprint}:${n}`).digest('hex').slice(0, 32);
  }
}

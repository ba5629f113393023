import type { Annotation } from '../../core/annotations.js';
import type { CategoryClaim, Location } from '../../core/types.js';
import type { FileScan, PendingTarget } from './model.js';

/**
 * What the tags on a declaration claim, the same in every code source (TypeScript and the
 * tree-sitter languages): the source decides only where a tag may stand and says so in its words.
 */

const at = (file: string, a: Annotation): Location => ({ file, line: a.line, column: a.column });

/** The categories a declaration's `@category` tags give it. */
export function categoryClaims(file: string, annotations: Annotation[]): CategoryClaim[] {
  const out: CategoryClaim[] = [];
  for (const a of annotations) {
    if (a.tag === 'category') for (const id of a.ids) out.push({ id, via: 'annotation', location: at(file, a) });
  }
  return out;
}

export interface Placement {
  /** the declaration's name, for the promise an `@implements` tag claims */
  symbol: string;
  /** the store the declaration is, which a `@policy-ignore` on it suppresses */
  storeId?: string;
  /** whether `@category` / `@retention` may stand here */
  accepts: { category: boolean; retention: boolean };
  /** what to tell the user where one may not, in the source's own words */
  wrongPlace: { category: string; retention: string };
  /** an `@implements` on a reference to a function resolved later (TypeScript) */
  target?: Omit<PendingTarget, 'index'>;
}

/**
 * What every annotation does wherever it stands: references for the unknown-category rule,
 * implementations, suppressions, and a diagnostic for a malformed tag or a tag in the wrong place.
 */
export function recordAnnotations(scan: FileScan, annotations: Annotation[], place: Placement): void {
  for (const a of annotations) {
    const where = at(scan.file, a);
    switch (a.tag) {
      case 'category':
        for (const id of a.ids) scan.references.push({ id, tag: 'category', location: where });
        if (!place.accepts.category) scan.diagnostics.push({ code: 'annotation-error', message: place.wrongPlace.category, location: where });
        break;
      case 'retention':
        scan.references.push({ id: a.id, tag: 'retention', location: where });
        if (!place.accepts.retention) scan.diagnostics.push({ code: 'annotation-error', message: place.wrongPlace.retention, location: where });
        break;
      case 'implements':
        scan.references.push({ id: a.id, tag: 'implements', location: where });
        // At the tag, like the reference: one place for the claim and for what is wrong with it.
        if (place.target) (scan.implementsTargets ??= []).push({ index: scan.implementations.length, ...place.target });
        scan.implementations.push({ category: a.id, promise: a.promise, symbol: place.symbol, location: where });
        break;
      case 'policy-ignore':
        scan.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location: where, ...(place.storeId ? { storeId: place.storeId } : {}) });
        break;
      case 'invalid':
        scan.diagnostics.push({ code: a.code ?? 'annotation-error', message: a.message, location: where });
        break;
    }
  }
}

/** Small pure helpers the repository rules share: which categories a store is in, what the policy promised. */
import type { Category, PolicyVersion, RuleContext, Section, Store } from '../../src/core/types.js';
import { categoryOrigin } from '../../src/core/categories.js';
import { perLanguage, sectionPromise, type Promise4Finding } from '../../src/policy/lifecycle.js';

export interface CategoryInVersion {
  section: Section;
  category: Category;
}

export function categoriesOf(version: PolicyVersion | undefined): Map<string, CategoryInVersion> {
  const map = new Map<string, CategoryInVersion>();
  for (const section of version?.sections ?? []) if (section.category) map.set(section.id, { section, category: section.category });
  return map;
}

/** A store's categories, as the rules judge them (see categoryOrigin). */
export function effectiveCategories(store: Store, byId: Map<string, Store>): string[] {
  return categoryOrigin(store, byId).ids;
}

const byIdCache = new WeakMap<Store[], Map<string, Store>>();

/** The stores by id, built once per run (every rule of every pass shares the same store list). */
export function storesById(ctx: RuleContext): Map<string, Store> {
  let map = byIdCache.get(ctx.stores);
  if (!map) {
    map = new Map(ctx.stores.map((s) => [s.id, s]));
    byIdCache.set(ctx.stores, map);
  }
  return map;
}

export type { Promise4Finding as Promise } from '../../src/policy/lifecycle.js';

/** The sentence stating a duration (`seconds`), else the section's first sentence, in en and sv. */
export function retentionPromise(version: PolicyVersion, section: Section, seconds?: number): Promise4Finding {
  return sectionPromise(version, section, seconds);
}

/**
 * The sentence of a section that makes a promise named by words (a data type, a right), in English
 * and Swedish: the first sentence holding one of the hints, else the section's first sentence.
 */
export function promiseOf(version: PolicyVersion, section: Section, hints: string[] = []): Promise4Finding {
  const text = perLanguage(section.text, (t) => {
    const sentences = t.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=\p{Lu})/u);
    const hit = sentences.find((s) => hints.some((h) => h && s.toLowerCase().includes(h.toLowerCase())));
    return (hit ?? sentences[0])!.trim();
  });
  return { text, location: version.locate(['sections', section.index, 'text']) };
}

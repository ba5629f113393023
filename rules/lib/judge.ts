/** Small pure helpers the repository rules share: which categories a store is in, what the policy promised. */
import type { Category, Location, PolicyVersion, RuleContext, Section, Store } from '../../src/core/types.js';
import { describeDuration } from '../../src/core/duration.js';

export interface CategoryInVersion {
  section: Section;
  category: Category;
}

export function categoriesOf(version: PolicyVersion | undefined): Map<string, CategoryInVersion> {
  const map = new Map<string, CategoryInVersion>();
  for (const section of version?.sections ?? []) if (section.category) map.set(section.id, { section, category: section.category });
  return map;
}

/** A store's categories: its own claims, else those of the nearest enclosing store (a column's table). */
export function effectiveCategories(store: Store, byId: Map<string, Store>): string[] {
  const seen = new Set<string>();
  for (let s: Store | undefined = store; s && !seen.has(s.id); s = s.parent ? byId.get(s.parent) : undefined) {
    seen.add(s.id);
    if (s.categories.length > 0) return [...new Set(s.categories.map((c) => c.id))].sort();
  }
  return [];
}

export function storesById(ctx: RuleContext): Map<string, Store> {
  return new Map(ctx.stores.map((s) => [s.id, s]));
}

export interface Promise {
  en?: string;
  sv?: string;
  location?: Location;
}

/**
 * The sentence of a section that makes the promise, in English and Swedish: the first sentence
 * holding one of the hints (a number, a data-type word), else the section's first sentence.
 */
export function promiseOf(version: PolicyVersion, section: Section, hints: string[] = []): Promise {
  const pick = (text: string | undefined) => {
    if (!text) return undefined;
    const sentences = text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ])/);
    const hit = sentences.find((s) => hints.some((h) => h && s.toLowerCase().includes(h.toLowerCase())));
    return (hit ?? sentences[0]).trim();
  };
  return {
    en: pick(section.text.en),
    sv: pick(section.text.sv),
    location: version.locate(['sections', section.index, 'text', 'sv']),
  };
}

/** "We store traffic data for 60 days …" (sv: "Vi lagrar trafikuppgifter i 60 dagar …") */
export function quote(p: Promise): string {
  if (!p.en && !p.sv) return '';
  const en = p.en ? `"${p.en}"` : '(no English text)';
  return p.sv ? ` Policy: ${en} (sv: "${p.sv}")` : ` Policy: ${en}`;
}

export function durationHints(...durations: Array<{ seconds: number; text: string } | undefined>): string[] {
  const hints: string[] = [];
  for (const d of durations) {
    if (!d) continue;
    hints.push(describeDuration(d, 'en'), describeDuration(d, 'sv'), describeDuration(d, 'en').split(' ')[0]);
  }
  return hints;
}

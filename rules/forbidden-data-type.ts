import type { Rule } from '../src/core/types.js';
import { categoriesOf, effectiveCategories, promiseOf, storesById } from './lib/judge.js';
import { storeLabel } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'forbidden-data-type',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store holds a kind of data its category forbids (phone numbers in statistics), or a kind the policy forbids and no category holds (card numbers anywhere).',
      rationale: 'The policy promises that some data is never kept in some places, or never kept at all.',
      help: 'Remove or anonymise the field (hash, truncate, aggregate), or move it to a category that holds it.',
    },
  },
  check(ctx) {
    const version = ctx.judged;
    if (!version) return;
    const cats = categoriesOf(version);
    const byId = storesById(ctx);
    const names = new Map(ctx.dataTypes.map((t) => [t.id, t.name.en ?? t.name.sv ?? t.id]));
    const svNames = new Map(ctx.dataTypes.map((t) => [t.id, t.name.sv ?? '']));
    const held = new Set([...cats.values()].flatMap((c) => c.category.holds));
    // Forbidden by some category and held by none: forbidden everywhere.
    const everywhere = new Map<string, string>();
    for (const [id, c] of cats) for (const t of c.category.forbids) if (!held.has(t) && !everywhere.has(t)) everywhere.set(t, id);

    for (const store of ctx.stores) {
      if (store.dataTypes.length === 0) continue;
      const storeCats = effectiveCategories(store, byId);
      const reported = new Set<string>();
      for (const hit of store.dataTypes) {
        if (reported.has(hit.type)) continue;
        const inCategory = storeCats.find((id) => cats.get(id)?.category.forbids.includes(hit.type));
        const source = inCategory ?? everywhere.get(hit.type);
        if (!source) continue;
        reported.add(hit.type);
        const entry = cats.get(source)!;
        const name = names.get(hit.type) ?? hit.type;
        const promise = promiseOf(version, entry.section, [name, hit.type.replace(/-/g, ' '), svNames.get(hit.type) ?? '']);
        const where = inCategory ? `in ${inCategory}, which forbids it` : `but the policy forbids it everywhere (${source} forbids it and no category holds it)`;
        ctx.report({
          ruleId: 'forbidden-data-type',
          message: `${storeLabel(store)} holds ${name} ("${hit.matched.join(' ')}") ${where}.`,
          location: store.location,
          category: source,
          storeId: store.id,
          key: `${store.id}|${hit.type}`,
          promise,
        });
      }
    }
  },
};
export default rule;

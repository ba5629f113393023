import type { Rule } from '../src/core/types.js';
import { effectiveCategories, storesById } from './lib/judge.js';
import { storeLabel } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'unclassified-personal-data',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store looks like it holds personal data (by its name or SQL type) but belongs to no policy category.',
      rationale: 'Every kind of personal data the company keeps must be covered by the policy; data outside every category has no promised retention or purpose.',
      help: 'Annotate the store with `@category <id>` naming the policy section that covers it (or its table/type), or add a category to the policy.',
    },
  },
  check(ctx) {
    const byId = storesById(ctx);
    const personal = new Set(ctx.dataTypes.filter((t) => t.personal).map((t) => t.id));
    const names = new Map(ctx.dataTypes.map((t) => [t.id, t.name.en ?? t.name.sv ?? t.id]));
    for (const store of ctx.stores) {
      const hits = store.dataTypes.filter((h) => personal.has(h.type));
      if (hits.length === 0 || effectiveCategories(store, byId).length > 0) continue;
      const what = hits.map((h) => `${names.get(h.type)} (${h.via === 'sql-type' ? 'SQL type' : `"${h.matched.join(' ')}"`})`).join(', ');
      ctx.report({
        ruleId: 'unclassified-personal-data',
        message: `${storeLabel(store)} looks like personal data — ${what} — but belongs to no policy category.`,
        location: store.location,
        storeId: store.id,
        key: store.id,
      });
    }
  },
};
export default rule;

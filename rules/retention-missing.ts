import type { Rule } from '../src/core/types.js';
import { categoriesOf, effectiveCategories, retentionPromise, storesById } from './lib/judge.js';
import { describeRetention, storeLabel } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'retention-missing',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store of a category whose retention the policy bounds has no retention mechanism at all.',
      rationale: 'A maximum or default retention is only kept when something deletes the data: a job, a TTL, a lifecycle rule.',
      help: 'Add the deletion: a pg_cron job, a partition retention, retention_in_days, a lifecycle expiration — or a @retention annotation on the setting that controls it.',
    },
  },
  check(ctx) {
    const version = ctx.judged;
    if (!version) return;
    const cats = categoriesOf(version);
    const byId = storesById(ctx);
    for (const store of ctx.stores) {
      if (!store.retentionBearing || store.retention.length > 0) continue;
      for (const id of effectiveCategories(store, byId)) {
        const entry = cats.get(id);
        const r = entry?.category.retention;
        if (!entry || !r || !(r.max || r.default)) continue;
        const promise = retentionPromise(version, entry.section, (r.max ?? r.default)?.seconds);
        ctx.report({
          ruleId: 'retention-missing',
          message: `${storeLabel(store)} (${id}) has nothing that deletes its data; the policy says ${describeRetention(r)}.`,
          location: store.location,
          category: id,
          storeId: store.id,
          key: `${store.id}|${id}`,
          promise,
        });
      }
    }
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';
import { quotePolicy, retentionPromise } from './lib/judge.js';
import { describeEvidence, describeRetention, retentionCases, storeLabel } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'retention-forever',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store keeps data of a category with a stated retention forever (e.g. CloudWatch retention_in_days = 0, no lifecycle expiration).',
      rationale: 'Data kept with no end breaks every maximum or default retention the policy promises.',
      help: 'Configure an expiry equal to the policy retention (retention_in_days, lifecycle expiration, a delete job).',
    },
  },
  check(ctx) {
    for (const c of retentionCases(ctx)) {
      if (c.evidence.status !== 'forever' || !(c.retention.max || c.retention.default)) continue;
      const promise = retentionPromise(c.version, c.section, (c.retention.max ?? c.retention.default)?.seconds);
      ctx.report({
        ruleId: 'retention-forever',
        message: `${storeLabel(c.store)} (${c.categoryId}): ${describeEvidence(c.evidence)}; the policy says ${describeRetention(c.retention)}.${quotePolicy(promise)}`,
        location: c.evidence.location,
        category: c.categoryId,
        storeId: c.store.id,
        key: `${c.store.id}|${c.evidence.via}|${c.categoryId}`,
        promise,
      });
    }
  },
};
export default rule;

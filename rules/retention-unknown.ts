import type { Rule } from '../src/core/types.js';
import { describeEvidence, describeRetention, retentionCases, storeLabel } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'retention-unknown',
    type: 'repository',
    defaultSeverity: 'warning',
    docs: {
      description: 'The retention of a store cannot be determined statically (an unresolved variable, an expression, a month-based interval).',
      rationale: 'An unknown value is never a silent pass: the policy can only be proven kept when the value is known.',
      help: 'Give the value a literal or a default the checker can read (a variable default, a tfvars entry, a constant), or suppress with a reason.',
    },
  },
  check(ctx) {
    for (const c of retentionCases(ctx)) {
      if (c.evidence.status !== 'unknown') continue;
      ctx.report({
        ruleId: 'retention-unknown',
        message: `${storeLabel(c.store)} (${c.categoryId}): ${describeEvidence(c.evidence)}; the policy says ${describeRetention(c.retention)}.`,
        location: c.evidence.location,
        category: c.categoryId,
        storeId: c.store.id,
        key: `${c.store.id}|${c.evidence.via}|${c.categoryId}`,
      });
    }
  },
};
export default rule;

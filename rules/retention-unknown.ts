import type { Rule } from '../src/core/types.js';
import { describeRetention, reportCase, retentionCases } from './lib/retention.js';

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
      reportCase(ctx, 'retention-unknown', c, `; the policy says ${describeRetention(c.retention)}.`);
    }
  },

};
export default rule;

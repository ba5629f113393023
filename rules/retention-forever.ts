import type { Rule } from '../src/core/types.js';
import { describeRetention, reportCase, retentionCases } from './lib/retention.js';

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
      reportCase(ctx, 'retention-forever', c, `; the policy says ${describeRetention(c.retention)}.`);
    }
  },

};
export default rule;

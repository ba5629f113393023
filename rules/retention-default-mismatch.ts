import type { Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { reportCase, retentionCases } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'retention-default-mismatch',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'The default retention in the code differs from the default the policy states.',
      rationale: 'Where customers may choose the retention, the policy still promises a default; new accounts must get exactly that.',
      help: 'Set the default retention (constant, setting or job) to the policy default.',
    },
  },
  check(ctx) {
    for (const c of retentionCases(ctx)) {
      const d = c.evidence.duration;
      const def = c.retention.default;
      if (c.evidence.status !== 'known' || !d || !def || d.seconds === def.seconds) continue;
      // A maximum bound that stays within an explicit max is judged by the max/min rules instead.
      if (c.evidence.bound === 'min') continue;
      if (c.evidence.bound === 'max' && c.retention.max) continue;
      reportCase(ctx, 'retention-default-mismatch', c, `, but the policy's default is ${describeDuration(def)}.`, def.seconds);
    }
  },

};
export default rule;

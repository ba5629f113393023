import type { Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { reportCase, retentionCases } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'retention-below-min',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store deletes data sooner than the minimum retention its policy category requires.',
      rationale: 'Some data must be kept for a stated time (e.g. traffic data under a legal obligation); deleting it earlier breaks the law and the policy.',
      help: 'Raise the retention setting (or the age in the delete job) to at least the policy minimum.',
    },
  },
  check(ctx) {
    for (const c of retentionCases(ctx)) {
      const d = c.evidence.duration;
      const min = c.retention.min;
      if (c.evidence.status !== 'known' || !d || !min || d.seconds >= min.seconds) continue;
      reportCase(ctx, 'retention-below-min', c, `, below the policy's minimum of ${describeDuration(min)}.`, min.seconds);
    }
  },

};
export default rule;

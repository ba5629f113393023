import type { Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { quotePolicy, retentionPromise } from './lib/judge.js';
import { describeEvidence, retentionCases, storeLabel } from './lib/retention.js';

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
      const promise = retentionPromise(c.version, c.section, min.seconds);
      ctx.report({
        ruleId: 'retention-below-min',
        message: `${storeLabel(c.store)} (${c.categoryId}): ${describeEvidence(c.evidence)}, below the policy's minimum of ${describeDuration(min)}.${quotePolicy(promise)}`,
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

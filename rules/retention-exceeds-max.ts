import type { Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { categoriesOf } from './lib/judge.js';
import { reportCase, retentionCases } from './lib/retention.js';

const rule: Rule = {
  meta: {
    id: 'retention-exceeds-max',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store keeps data longer than the maximum retention its policy category allows.',
      rationale: 'The policy promises customers that data of this category is deleted after a stated time; keeping it longer breaks that promise.',
      help: 'Lower the retention setting (or the age in the delete job) to the policy maximum, or change the policy with a new version and its notice period.',
    },
  },
  check(ctx) {
    for (const c of retentionCases(ctx)) {
      const d = c.evidence.duration;
      const max = c.retention.max;
      if (c.evidence.status !== 'known' || !d || !max || d.seconds <= max.seconds) continue;
      // A permission a pending version grants cannot be used before it takes effect.
      const laterAllows = ctx.timing === 'in-force'
        ? ctx.pending.find((v) => {
            const later = categoriesOf(v).get(c.categoryId)?.category.retention?.max;
            return later && d.seconds <= later.seconds;
          })
        : undefined;
      const early = laterAllows ? ` Version ${laterAllows.version} allows this, but only from ${laterAllows.effective}.` : '';
      reportCase(ctx, 'retention-exceeds-max', c, `, above the policy's maximum of ${describeDuration(max)}.${early}`, max.seconds);
    }
  },

};
export default rule;

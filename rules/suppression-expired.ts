import type { Rule } from '../src/core/types.js';

const rule: Rule = {
  meta: {
    id: 'suppression-expired',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A `@policy-ignore … until YYYY-MM-DD` has passed its date: the finding it hid is reported again, and so is the stale suppression.',
      rationale: 'Temporary exceptions must not become permanent by being forgotten.',
      help: 'Fix the finding and remove the suppression, or renew it with a new date and reason after review.',
    },
  },
  check(ctx) {
    for (const s of ctx.suppressions) {
      if (!s.until || s.until >= ctx.at) continue;
      ctx.report({
        ruleId: 'suppression-expired',
        message: `@policy-ignore ${s.rule} expired on ${s.until}${s.reason ? ` (reason given: "${s.reason}")` : ''}; the finding it suppressed is reported again.`,
        location: s.location,
        storeId: s.storeId,
        key: `${s.rule}|${s.storeId ?? s.location.line}`,
      });
    }
  },
};
export default rule;

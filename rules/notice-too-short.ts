import type { Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { onceOnly, updatesPromise } from '../src/policy/lifecycle.js';
import { noticeCheck } from '../src/policy/notice.js';

const rule: Rule = {
  meta: {
    id: 'notice-too-short',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'A new version takes effect before the notice promised by the version in force when it was published.',
      rationale: 'Customers were promised time to read a change, reject it and cancel before it applies.',
      help: 'Move `effective` (and `version` and the file name) to at least `published` + the notice, or publish earlier.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    // The first version is exempt: no earlier version bound it (noticeCheck gives undefined).
    for (const v of ctx.policy.versions) {
      const check = noticeCheck(ctx.policy, v);
      if (!check || check.ok) continue;
      const promise = updatesPromise(check.binding);
      ctx.report({
        ruleId: 'notice-too-short',
        message:
          `version ${v.version} takes effect ${check.days} days after it was published (${v.published}), ` +
          `but version ${check.binding.version}, in force that day, promises ${describeDuration(check.notice)} of notice (${check.notice.text}). ` +
          `The earliest lawful effective date is ${check.earliest}.`,
        location: v.locate(['effective']),
        policyVersion: v.version,
        ...(promise ? { promise } : {}),
        key: `notice:${v.version}`,
      });
    }
  },
};
export default rule;

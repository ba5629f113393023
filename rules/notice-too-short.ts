import type { Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { noticeSection, onceOnly, quote, updatesPromise } from '../src/policy/lifecycle.js';
import { addDays, daysBetween } from '../src/policy/timeline.js';

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
    const versions = ctx.policy.versions;
    // The first version is exempt: no earlier version bound it.
    for (let i = 1; i < versions.length; i++) {
      const v = versions[i]!;
      // The notice that binds is the one promised by the version in force on the day v was published.
      let binding = versions[0]!;
      for (const other of versions) if (other !== v && other.effective <= v.published) binding = other;
      if (binding.effective > v.published) binding = versions[i - 1]!;
      const notice = noticeSection(binding)?.notice;
      if (!notice) continue;
      const gapSeconds = daysBetween(v.published, v.effective) * 86400;
      if (gapSeconds >= notice.seconds) continue;
      const earliest = addDays(v.published, Math.ceil(notice.seconds / 86400));
      const promise = updatesPromise(binding);
      ctx.report({
        ruleId: 'notice-too-short',
        message:
          `version ${v.version} takes effect ${daysBetween(v.published, v.effective)} days after it was published (${v.published}), ` +
          `but version ${binding.version}, in force that day, promises ${describeDuration(notice)} of notice (${notice.text}): ${quote(promise ?? {})}. ` +
          `The earliest lawful effective date is ${earliest}.`,
        location: v.locate(['effective']),
        policyVersion: v.version,
        ...(promise ? { promise } : {}),
        key: `notice:${v.version}`,
      });
    }
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';
import { liveVersions, onceOnly, quote, sectionPromise } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'category-without-retention',
    type: 'lifecycle',
    defaultSeverity: 'warning',
    docs: {
      description: 'A category holds personal data but the policy states no retention for it.',
      rationale: 'Personal data should be kept no longer than needed; with no stated period, nothing can be checked and customers cannot know.',
      help: 'State how long the data is kept in the text (both languages) and as `category.retention` (max, min or default; or `until` an event).',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    for (const v of liveVersions(ctx)) {
      for (const s of v.sections) {
        const c = s.category;
        if (!c || c.holds.length === 0) continue;
        const r = c.retention;
        if (r && (r.min || r.max || r.default || r.until)) continue;
        // a type the vocabulary (built in, or the policy's data-types) marks `personal: false` is no personal data
        const personal = c.holds.filter((t) => ctx.dataTypes.find((d) => d.id === t)?.personal !== false);
        const what = personal.length > 0 ? `personal data (${personal.join(', ')})` : `data (${c.holds.join(', ')})`;
        const promise = sectionPromise(v, s);
        ctx.report({
          ruleId: 'category-without-retention',
          message: `category ${s.id} of version ${v.version} holds ${what} but states no retention, so how long it is kept cannot be checked: ${quote(promise)}`,
          location: v.locate(['sections', s.index, 'category']),
          category: s.id,
          policyVersion: v.version,
          promise,
          key: `no-retention:${v.version}:${s.id}`,
        });
      }
    }
  },
};
export default rule;

import type { PolicyVersion, Rule, Section } from '../src/core/types.js';
import { acrossVersions, liveVersions, onceOnly, sectionPromise, versionsWord } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'category-without-retention',
    type: 'lifecycle',
    defaultSeverity: 'warning',
    docs: {
      description: 'A category holds personal data but the policy states no retention for it.',
      rationale: 'Personal data should be kept no longer than needed; with no stated period, nothing can be checked and customers cannot know.',
      help: 'State how long the data is kept in the text (every language) and as `category.retention` (max, min or default; or `until` an event).',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    // a category unchanged over several versions is one finding naming them
    const groups = acrossVersions<{ v: PolicyVersion; s: Section; what: string }>(({ v, s, what }, versions) =>
      ctx.report({
        ruleId: 'category-without-retention',
        message: `category ${s.id} of ${versionsWord(versions)} holds ${what} but states no retention`,
        location: v.locate(['sections', s.index, 'category']),
        category: s.id,
        policyVersion: v.version,
        promise: sectionPromise(v, s),
        key: `no-retention:${v.version}:${s.id}`,
      }),
    );
    for (const v of liveVersions(ctx)) {
      for (const s of v.sections) {
        const c = s.category;
        if (!c || c.holds.length === 0) continue;
        const r = c.retention;
        if (r && (r.min || r.max || r.default || r.until)) continue;
        // a type the vocabulary (built in, or the policy's data-types) marks `personal: false` is no personal data
        const personal = c.holds.filter((t) => ctx.dataTypes.find((d) => d.id === t)?.personal !== false);
        const what = personal.length > 0 ? `personal data (${personal.join(', ')})` : `data (${c.holds.join(', ')})`;
        groups.add(`${s.id} ${what} ${JSON.stringify(s.text)}`, v.version, { v, s, what });
      }
    }
    groups.flush();
  },
};
export default rule;

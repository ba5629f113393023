import type { Lang, Rule } from '../src/core/types.js';
import { describeDuration } from '../src/core/duration.js';
import { calendarSpan, findWrittenDurations, sentenceAt } from '../src/policy/duration-words.js';
import { liveVersions, onceOnly } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'duration-mismatch',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: "A duration written in a category's text differs from the category's retention rule (min, max or default), or the text states a duration the rules do not.",
      rationale: 'Customers read the words; the checker enforces the rules. They must say the same thing in both languages.',
      help: 'Make the words and `category.retention` agree: fix the number in the text (Swedish and English) or the ISO 8601 duration.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    for (const v of liveVersions(ctx)) {
      for (const s of v.sections) {
        if (!s.category) continue;
        const r = s.category.retention;
        const bounds = (['min', 'max', 'default'] as const).flatMap((b) => (r?.[b] ? [{ bound: b, d: r[b]! }] : []));
        const allowed = new Set(bounds.map((b) => b.d.seconds));
        const stated = bounds.length ? bounds.map((b) => `${b.bound} ${b.d.text}`).join(', ') : 'none';
        for (const lang of ['sv', 'en'] as Lang[]) {
          const text = s.text[lang];
          if (!text) continue;
          const seen = new Set<string>();
          for (const w of findWrittenDurations(text)) {
            if (w.seconds !== undefined && allowed.has(w.seconds)) continue;
            // "7 år" / "6 months": agrees with a bound that such a calendar span can last (P2557D)
            const span = w.seconds === undefined && (w.unit === 'month' || w.unit === 'year') ? calendarSpan(w.amount, w.unit) : undefined;
            if (span && bounds.some((b) => b.d.seconds >= span.min && b.d.seconds <= span.max)) continue;
            if (seen.has(w.phrase.toLowerCase())) continue;
            seen.add(w.phrase.toLowerCase());
            const why =
              w.seconds === undefined
                ? `"${w.phrase}" (${span!.min / 86400}${span!.max !== span!.min ? ` to ${span!.max / 86400}` : ''} days, as ${w.unit}s vary in length) but the category's retention is ${stated}`
                : bounds.length === 0
                  ? `"${w.phrase}" (${describeDuration({ text: '', seconds: w.seconds }, lang)}) but the category states no retention`
                  : `"${w.phrase}" but the category's retention is ${stated}`;
            const sentence = sentenceAt(text, w.index);
            ctx.report({
              ruleId: 'duration-mismatch',
              message: `sections.${s.id}.text.${lang} of version ${v.version} says ${why}`,
              location: v.locate(['sections', s.index, 'text', lang]),
              category: s.id,
              policyVersion: v.version,
              promise: { [lang]: sentence, location: v.locate(['sections', s.index, 'text', lang]) },
              key: `duration:${v.version}:${s.id}:${lang}:${w.phrase.toLowerCase()}`,
            });
          }
        }
      }
    }
  },
};
export default rule;

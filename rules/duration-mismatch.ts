import type { Rule } from '../src/core/types.js';
import { durationInWords } from '../src/policy/languages.js';
import { calendarSpan, findWrittenDurations, sentenceAt } from '../src/policy/duration-words.js';
import { acrossVersions, liveVersions, onceOnly, policyLanguages, versionsWord } from '../src/policy/lifecycle.js';
import type { FindingInput } from '../src/core/types.js';

const rule: Rule = {
  meta: {
    id: 'duration-mismatch',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: "A duration written in a category's text differs from the category's retention rule (min, max or default), or the text states a duration the rules do not.",
      rationale: 'Customers read the words; the checker enforces the rules. They must say the same thing in every language of the policy.',
      help: 'Make the words and `category.retention` agree: fix the number in the text (in every language) or the ISO 8601 duration.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    // the same words in the same section over several versions are one finding naming them
    const groups = acrossVersions<{ finding: FindingInput; what: string }>(({ finding, what }, versions) =>
      ctx.report({ ...finding, message: what.replace('{versions}', versionsWord(versions)) }),
    );
    for (const v of liveVersions(ctx)) {
      for (const s of v.sections) {
        if (!s.category) continue;
        const r = s.category.retention;
        const bounds = (['min', 'max', 'default'] as const).flatMap((b) => (r?.[b] ? [{ bound: b, d: r[b]! }] : []));
        const allowed = new Set(bounds.map((b) => b.d.seconds));
        const stated = bounds.length ? bounds.map((b) => `${b.bound} ${b.d.text}`).join(', ') : 'none';
        for (const lang of policyLanguages(ctx.policy)) {
          const text = s.text[lang];
          if (!text) continue;
          const seen = new Set<string>();
          for (const w of findWrittenDurations(text, lang)) {
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
                  ? `"${w.phrase}" (${durationInWords(w.seconds, lang)}) but the category states no retention`
                  : `"${w.phrase}" but the category's retention is ${stated}`;
            const sentence = sentenceAt(text, w.index);
            const finding: FindingInput = {
              ruleId: 'duration-mismatch',
              message: '',
              location: v.locate(['sections', s.index, 'text', lang]),
              category: s.id,
              policyVersion: v.version,
              promise: { text: { [lang]: sentence }, location: v.locate(['sections', s.index, 'text', lang]) },
              key: `duration:${v.version}:${s.id}:${lang}:${w.phrase.toLowerCase()}`,
            };
            groups.add(`${s.id} ${lang} ${w.phrase.toLowerCase()} ${stated} ${text}`, v.version, { finding, what: `sections.${s.id}.text.${lang} of {versions} says ${why}` });
          }
        }
      }
    }
    groups.flush();
  },
};
export default rule;

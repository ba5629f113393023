import type { Rule } from '../src/core/types.js';
import { liveVersions, onceOnly, policyLanguages } from '../src/policy/lifecycle.js';
import { translatableTexts } from '../src/policy/translations.js';

const blank = (s: string | undefined) => s === undefined || s.trim() === '';
const paragraphs = (s: string) => s.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;

const rule: Rule = {
  meta: {
    id: 'section-parity',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'The Swedish and English documents differ in shape: a heading in one language only, an English text with no Swedish original, or a different number of paragraphs.',
      rationale: 'Both pages must present the same sections, so a reader of either language sees every promise in the same place.',
      help: 'Give every heading both languages, write the Swedish original of every English text, and keep paragraphs one to one.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    const live = new Set(liveVersions(ctx).map((v) => v.version));
    const english = policyLanguages(ctx.policy).includes('en');
    for (const t of translatableTexts(ctx.policy)) {
      if (!live.has(t.version) && t.key !== 'title') continue;
      const report = (message: string, where: 'sv' | 'en', what: string) =>
        ctx.report({
          ruleId: 'section-parity',
          message,
          location: where === 'sv' ? t.svLocation : t.enLocation,
          policyVersion: t.version,
          key: `parity:${t.version}:${t.key}:${what}`,
        });
      const heading = t.key.endsWith('.heading');
      if (blank(t.sv) && !blank(t.en)) {
        report(`${t.key} has an English ${heading ? 'heading' : 'text'} but no Swedish one; Swedish is the authoritative wording`, 'en', 'sv-missing');
      } else if (!english) {
        // a Swedish-only policy (no English translation declared): nothing to pair the Swedish with
      } else if (heading && !blank(t.sv) && blank(t.en)) {
        report(`${t.key} has a Swedish heading but no English one`, 'sv', 'en-missing');
      } else if (!blank(t.sv) && !blank(t.en) && paragraphs(t.sv!) !== paragraphs(t.en!)) {
        report(`${t.key} has ${paragraphs(t.sv!)} paragraph(s) in Swedish but ${paragraphs(t.en!)} in English`, 'en', 'paragraphs');
      }
    }
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';
import { acrossVersions, liveVersions, onceOnly, versionsWord } from '../src/policy/lifecycle.js';
import type { Location } from '../src/core/types.js';
import { languageName } from '../src/policy/languages.js';
import { translatableTexts } from '../src/policy/translations.js';

const blank = (s: string | undefined) => s === undefined || s.trim() === '';
const article = (word: string) => (/^[AEIOU]/.test(word) ? 'an' : 'a');
const paragraphs = (s: string) => s.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;

const rule: Rule = {
  meta: {
    id: 'section-parity',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'The authoritative document and a translation differ in shape: a heading in one language only, a translated text with no authoritative original, or a different number of paragraphs.',
      rationale: 'Every language must present the same sections, so a reader of any language sees every promise in the same place.',
      help: 'Give every heading each language, write the authoritative original of every translated text, and keep paragraphs one to one.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    const live = new Set(liveVersions(ctx).map((v) => v.version));
    // the same mismatch in the same texts over several versions is one finding naming them
    const groups = acrossVersions<{ message: string; location: Location; version: string; key: string }>((f, versions) =>
      ctx.report({ ruleId: 'section-parity', message: `${f.message} (${versionsWord(versions)})`, location: f.location, policyVersion: f.version, key: f.key }),
    );
    for (const t of translatableTexts(ctx.policy)) {
      if (!live.has(t.version) && t.key !== 'title') continue;
      const [from, to] = [languageName(t.from), languageName(t.to)];
      const report = (message: string, where: 'source' | 'target', what: string) =>
        groups.add(`${t.key} ${t.to} ${what} ${t.source ?? ''} ${t.target ?? ''}`, t.version, {
          message,
          location: where === 'source' ? t.sourceLocation : t.targetLocation,
          version: t.version,
          key: `parity:${t.version}:${t.key}:${t.to}:${what}`,
        });
      const heading = t.key.endsWith('.heading');
      if (blank(t.source) && !blank(t.target)) {
        report(`${t.key} has ${article(to)} ${to} ${heading ? 'heading' : 'text'} but no ${from} one; ${from} is the authoritative wording`, 'target', 'source-missing');
      } else if (heading && !blank(t.source) && blank(t.target)) {
        report(`${t.key} has ${article(from)} ${from} heading but no ${to} one`, 'source', 'target-missing');
      } else if (!blank(t.source) && !blank(t.target) && paragraphs(t.source!) !== paragraphs(t.target!)) {
        report(`${t.key} has ${paragraphs(t.source!)} paragraph(s) in ${from} but ${paragraphs(t.target!)} in ${to}`, 'target', 'paragraphs');
      }
    }
    groups.flush();
  },
};
export default rule;

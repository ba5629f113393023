import type { RuleContext } from '../core/types.js';
import { acrossVersions, liveVersions, onceOnly, versionsWord } from './lifecycle.js';
import { languageName } from './languages.js';
import { translationStatus, type TranslationItem, type TranslationState } from './translations.js';

const clip = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
};


const MESSAGES: Record<Exclude<TranslationState, 'confirmed'>, (t: TranslationItem, versions: string[]) => string> = {
  missing: (t, vs) => `${t.key} of ${versionsWord(vs)} has ${languageName(t.from)} text but no ${languageName(t.to)} translation`,
  stale: (t, vs) => `the ${languageName(t.from)} ${t.key} of published ${versionsWord(vs)} changed after its ${languageName(t.to)} translation was confirmed; the public ${languageName(t.to)} text no longer says what the ${languageName(t.from)} says (policyproof translations status shows the change)`,
  unconfirmed: (t, vs) =>
    t.state === 'stale'
      ? `the ${languageName(t.from)} ${t.key} of ${versionsWord(vs)} (not yet published) changed after its ${languageName(t.to)} translation was confirmed; review the ${languageName(t.to)} text, then run policyproof translations accept ${acceptArg(t.key)}`
      : `the ${languageName(t.to)} ${t.key} of ${versionsWord(vs)} is not confirmed as a translation of the ${languageName(t.from)} (run policyproof translations accept ${acceptArg(t.key)} once checked)`,
};

/** The `translations accept` argument naming one key: sections.x.text → x.text. */
const acceptArg = (key: string) => key.replace(/^sections\./, '');

/**
 * Reports the translation items in one state, for the live versions (and the title). A text the
 * same in several versions (the same pair of hashes) is one finding naming every version, placed in
 * the first. A stale translation counts as `stale` (an error) only in a version already published
 * on the check date — its public text no longer says what the authoritative text says; in a version
 * not yet published it is still being written and is reported as `unconfirmed`.
 */
export function translationFindings(ctx: RuleContext, state: Exclude<TranslationState, 'confirmed'>, ruleId: string): void {
  if (!onceOnly(ctx)) return;
  const live = new Map(liveVersions(ctx).map((v) => [v.version, v]));
  const published = (version: string) => (live.get(version)?.published ?? '') <= ctx.at;
  const groups = acrossVersions<TranslationItem>((t, versions) => {
    const text = { [t.from]: clip(t.source), ...(t.target ? { [t.to]: clip(t.target) } : {}) };
    ctx.report({
      ruleId,
      message: MESSAGES[state](t, versions),
      location: state === 'missing' ? t.sourceLocation : t.targetLocation,
      policyVersion: t.version,
      promise: { text, location: t.sourceLocation },
      key: `${ruleId}:${t.version}:${t.key}:${t.to}`,
    });
  });
  for (const t of translationStatus(ctx.policy)) {
    if (!live.has(t.version) && t.key !== 'title') continue;
    const reportedAs: TranslationState = t.state === 'stale' && t.key !== 'title' && !published(t.version) ? 'unconfirmed' : t.state;
    if (reportedAs !== state) continue;
    // a heading in one language only is a section-parity finding
    if (state === 'missing' && t.key.endsWith('.heading')) continue;
    groups.add(`${t.key} ${t.to} ${t.sourceHash} ${t.targetHash ?? ''}`, t.version, t);
  }
  groups.flush();
}

import type { RuleContext } from '../core/types.js';
import { liveVersions, onceOnly } from './lifecycle.js';
import { translationStatus, type TranslationItem, type TranslationState } from './translations.js';

const clip = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
};

const MESSAGES: Record<Exclude<TranslationState, 'confirmed'>, (t: TranslationItem) => string> = {
  missing: (t) => `${t.key} of version ${t.version} has Swedish text but no English translation: "${clip(t.sv)}"`,
  stale: (t) => `the Swedish ${t.key} of version ${t.version} changed after its English translation was confirmed; the English no longer says what the Swedish says: "${clip(t.sv)}"`,
  unconfirmed: (t) => `the English ${t.key} of version ${t.version} is not confirmed as a translation of the Swedish (run policyproof translations accept once checked)`,
};

/** Reports the translation items in one state, for the live versions (and the title). */
export function translationFindings(ctx: RuleContext, state: Exclude<TranslationState, 'confirmed'>, ruleId: string): void {
  if (!onceOnly(ctx)) return;
  if (!ctx.policy.identity.languages.translations.includes('en')) return;
  const live = new Set(liveVersions(ctx).map((v) => v.version));
  for (const t of translationStatus(ctx.policy)) {
    if (t.state !== state || (!live.has(t.version) && t.key !== 'title')) continue;
    // a heading in one language only is a section-parity finding
    if (state === 'missing' && t.key.endsWith('.heading')) continue;
    const promise = { sv: clip(t.sv), ...(t.en ? { en: clip(t.en) } : {}), location: t.svLocation };
    ctx.report({
      ruleId,
      message: MESSAGES[state](t),
      location: state === 'missing' ? t.svLocation : t.enLocation,
      policyVersion: t.version,
      promise,
      key: `${ruleId}:${t.version}:${t.key}`,
    });
  }
}

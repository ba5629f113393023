import type { Rule } from '../src/core/types.js';
import { translationFindings } from '../src/policy/lifecycle-translations.js';

const rule: Rule = {
  meta: {
    id: 'translation-stale',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'In a version already published, the authoritative text changed after its translation was confirmed (in a version not yet published this is reported as translation-unconfirmed).',
      rationale: 'A published translation is public text: it must say what the authoritative text says now, not what it said before.',
      help: 'See the change with `policyproof translations status`, update the translation to match, then run `policyproof translations accept <section>`.',
    },
  },
  check(ctx) {
    translationFindings(ctx, 'stale', 'translation-stale');
  },
};
export default rule;

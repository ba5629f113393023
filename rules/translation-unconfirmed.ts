import type { Rule } from '../src/core/types.js';
import { translationFindings } from '../src/policy/lifecycle-translations.js';

const rule: Rule = {
  meta: {
    id: 'translation-unconfirmed',
    type: 'lifecycle',
    defaultSeverity: 'warning',
    docs: {
      description: 'An English text has not been confirmed as a translation of its Swedish text.',
      rationale: 'An English text counts as the translation only once someone has checked it against the Swedish wording.',
      help: 'Review the English against the Swedish, then run `policyproof translations accept` and commit translations.lock.',
    },
  },
  check(ctx) {
    translationFindings(ctx, 'unconfirmed', 'translation-unconfirmed');
  },
};
export default rule;

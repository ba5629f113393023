import type { Rule } from '../src/core/types.js';
import { translationFindings } from '../src/policy/lifecycle-translations.js';

const rule: Rule = {
  meta: {
    id: 'translation-stale',
    type: 'lifecycle',
    defaultSeverity: 'warning',
    docs: {
      description: 'The Swedish text changed after its English translation was confirmed.',
      rationale: 'The English page must say what the authoritative Swedish text says now, not what it said before.',
      help: 'Update the English text to match the new Swedish wording, then run `policyproof translations accept`.',
    },
  },
  check(ctx) {
    translationFindings(ctx, 'stale', 'translation-stale');
  },
};
export default rule;

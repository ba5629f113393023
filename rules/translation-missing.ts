import type { Rule } from '../src/core/types.js';
import { translationFindings } from '../src/policy/lifecycle-translations.js';

const rule: Rule = {
  meta: {
    id: 'translation-missing',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'A Swedish text (summary, section text or title) has no English translation.',
      rationale: 'English-speaking customers must be able to read every promise the Swedish policy makes.',
      help: 'Add the English text beside the Swedish one, then confirm it with `policyproof translations accept`.',
    },
  },
  check(ctx) {
    translationFindings(ctx, 'missing', 'translation-missing');
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';
import { translationFindings } from '../src/policy/lifecycle-translations.js';

const rule: Rule = {
  meta: {
    id: 'translation-missing',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'An authoritative text (summary, section text or title) has no translation in one of the declared translation languages.',
      rationale: 'Readers of every published language must be able to read every promise the authoritative text makes.',
      help: 'Add the translation beside the authoritative text, then confirm it with `policyproof translations accept <section>`.',
    },
  },
  check(ctx) {
    translationFindings(ctx, 'missing', 'translation-missing');
  },
};
export default rule;

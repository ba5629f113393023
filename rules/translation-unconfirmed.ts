import type { Rule } from '../src/core/types.js';
import { translationFindings } from '../src/policy/lifecycle-translations.js';

const rule: Rule = {
  meta: {
    id: 'translation-unconfirmed',
    type: 'lifecycle',
    defaultSeverity: 'warning',
    docs: {
      description: 'A translated text has not been confirmed as a translation of its authoritative text (or, in a version not yet published, the authoritative text changed since it was).',
      rationale: 'A translation counts only once someone has checked it against the authoritative wording.',
      help: 'Review the translation against the authoritative text, then run `policyproof translations accept <section>` and commit translations.lock.',
    },
  },
  check(ctx) {
    translationFindings(ctx, 'unconfirmed', 'translation-unconfirmed');
  },
};
export default rule;

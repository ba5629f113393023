import type { Rule } from '../src/core/types.js';
import { languageName } from '../src/policy/languages.js';
import { isBlank, liveVersions, onceOnly, policyLanguages } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'missing-summary',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'A version other than the first has no summary of what changed in each language the policy is written in (the authoritative language and each translation); a TODO placeholder counts as none.',
      rationale: 'Customers decide whether to reject a change from the summary; it must exist in every language of the policy.',
      help: 'Write `summary: {sv: ..., en: ...}` saying what changed and why.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    const first = ctx.policy.versions[0];
    // only the languages the policy is written in: a Swedish-only policy needs no English summary
    const languages = policyLanguages(ctx.policy);
    for (const v of liveVersions(ctx)) {
      if (v === first) continue;
      const missing = languages.filter((l) => isBlank(v.summary?.[l]));
      if (missing.length === 0) continue;
      const where = !v.summary ? ['version'] : missing.length === languages.length ? ['summary'] : ['summary', missing[0]!];
      ctx.report({
        ruleId: 'missing-summary',
        message: `version ${v.version} has no summary of what changed in ${missing.map(languageName).join(' and ')}; every version but the first needs one`,
        location: v.locate(where),
        policyVersion: v.version,
        key: `summary:${v.version}`,
      });
    }
  },
};
export default rule;

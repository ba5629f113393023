import type { Rule } from '../src/core/types.js';

const rule: Rule = {
  meta: {
    id: 'invalid-suppression',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A `@policy-ignore` has no reason, names a rule that does not exist, or silences a rule that policyproof.yaml does not let inline suppressions silence.',
      rationale: 'A suppression is a recorded decision: without a reason nobody can review it later, and some rules are for the legal owner alone to waive.',
      help: 'Write `@policy-ignore <rule> -- <reason> [until YYYY-MM-DD]` with a real rule id (`policyproof rules`), or fix the finding instead.',
    },
  },
  check(ctx) {
    for (const s of ctx.suppressions) {
      const problems: string[] = [];
      if (!ctx.options.ruleIds.includes(s.rule)) problems.push(`names unknown rule "${s.rule}"`);
      if (!s.reason) problems.push('has no reason (write `-- <reason>` after the rule id)');
      if (ctx.options.noInlineSuppressions.includes(s.rule)) problems.push(`silences ${s.rule}, which policyproof.yaml does not allow inline suppressions to silence`);
      if (problems.length === 0) continue;
      ctx.report({
        ruleId: 'invalid-suppression',
        message: `@policy-ignore ${s.rule} ${problems.join(' and ')}; it suppresses nothing.`,
        location: s.location,
        storeId: s.storeId,
        key: `${s.rule}|${s.storeId ?? s.location.line}`,
      });
    }
  },
};
export default rule;

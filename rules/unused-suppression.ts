import type { Rule } from '../src/core/types.js';

const rule: Rule = {
  meta: {
    id: 'unused-suppression',
    type: 'repository',
    phase: 'post',
    defaultSeverity: 'warning',
    docs: {
      description: 'A valid `@policy-ignore` suppresses nothing (reported with --report-unused-suppressions).',
      rationale: 'A suppression left behind after the fix hides the next real finding on that line.',
      help: 'Remove the suppression.',
    },
  },
  check(ctx) {
    if (!ctx.options.reportUnusedSuppressions || !ctx.findings) return;
    const used = new Set(
      ctx.findings.filter((f) => f.suppressed?.location).map((f) => `${f.suppressed!.location!.file}:${f.suppressed!.location!.line}:${f.suppressed!.location!.column}`),
    );
    for (const s of ctx.suppressions) {
      if (!s.reason || (s.until && s.until < ctx.at) || !ctx.options.ruleIds.includes(s.rule)) continue;
      if (used.has(`${s.location.file}:${s.location.line}:${s.location.column}`)) continue;
      ctx.report({
        ruleId: 'unused-suppression',
        message: `@policy-ignore ${s.rule} suppresses nothing here.`,
        location: s.location,
        storeId: s.storeId,
        key: `${s.rule}|${s.storeId ?? s.location.line}`,
      });
    }
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';
import { displayPath, firstDifference, onceOnly, updatesPromise } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'published-version-changed',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'A version that has already been published was changed or removed since the base revision.',
      rationale: 'What customers were shown on the publication date is a record: a change needs a new version with its own notice.',
      help: 'Revert the change to the published version and publish it as a new version (`policyproof policy new`).',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx) || !ctx.base) return;
    const current = new Map(ctx.policy.versions.map((v) => [v.version, v]));
    const latest = ctx.policy.versions[ctx.policy.versions.length - 1];
    for (const before of ctx.base.versions) {
      if (before.published > ctx.at) continue; // not yet published at the check date: still a draft
      const after = current.get(before.version);
      const promise = latest ? updatesPromise(latest) : undefined;
      if (!after) {
        ctx.report({
          ruleId: 'published-version-changed',
          message: `version ${before.version}, published on ${before.published}, was removed since the base; published versions are kept as the record of what customers were told.`,
          location: { file: before.file, line: 1, column: 1 },
          policyVersion: before.version,
          ...(promise ? { promise } : {}),
          key: `changed:${before.version}`,
        });
        continue;
      }
      const diff = firstDifference(before, after);
      if (!diff) continue;
      ctx.report({
        ruleId: 'published-version-changed',
        message:
          `version ${before.version} was published on ${before.published} and must not change, but ${displayPath(diff) || 'its content'} differs from the base; ` +
          `publish the change as a new version.`,
        location: after.locate(diff),
        policyVersion: after.version,
        ...(promise ? { promise } : {}),
        key: `changed:${before.version}`,
      });
    }
  },
};
export default rule;

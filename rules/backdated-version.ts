import type { Rule } from '../src/core/types.js';
import { onceOnly, updatesPromise } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'backdated-version',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'A version added since the base revision claims a publication date in the past.',
      rationale: 'A version is published when it is added; a past date would fake the notice customers were given.',
      help: 'Set `published` to the day the version is actually published (today or later) and move `effective` by the notice.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx) || !ctx.base) return;
    const known = new Set(ctx.base.versions.map((v) => v.version));
    for (const v of ctx.policy.versions) {
      if (known.has(v.version) || v.published >= ctx.at) continue;
      const binding = [...ctx.policy.versions].reverse().find((o) => o !== v && o.effective <= ctx.at);
      const promise = binding ? updatesPromise(binding) : undefined;
      ctx.report({
        ruleId: 'backdated-version',
        message:
          `version ${v.version} is new since the base but says it was published on ${v.published}, before ${ctx.at}; ` +
          `a version is published on the day it is added.`,
        location: v.locate(['published']),
        policyVersion: v.version,
        ...(promise ? { promise } : {}),
        key: `backdated:${v.version}`,
      });
    }
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';
import { liveVersions, onceOnly } from '../src/policy/lifecycle.js';
import { didYouMean } from '../src/config/suggest.js';

const rule: Rule = {
  meta: {
    id: 'unknown-data-type',
    type: 'lifecycle',
    defaultSeverity: 'warning',
    docs: {
      description: 'A category `holds` or `forbids` a data type that is neither built in (rules/data-types.yaml) nor defined in policy.yaml `data-types`.',
      rationale: 'A data type the checker does not know is never recognised in the code, so a typo such as `phone-numbr` silently switches the promise off.',
      help: 'The message names the known type within two edits of the one written, if there is one. Use a built-in data type id (`policyproof rules` lists the rules; rules/data-types.yaml lists the types) or define the type under `data-types` in policy.yaml with its name patterns.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    const known = new Set(ctx.dataTypes.map((t) => t.id));
    for (const v of liveVersions(ctx)) {
      for (const s of v.sections) {
        const c = s.category;
        if (!c) continue;
        for (const list of ['holds', 'forbids'] as const) {
          c[list].forEach((type, j) => {
            if (known.has(type)) return;
            ctx.report({
              ruleId: 'unknown-data-type',
              message: `category ${s.id} of version ${v.version} ${list} "${type}", a data type policyproof does not know, so it is never found in the code${didYouMean(type, [...known])} (known: ${[...known].sort().join(', ')}).`,
              location: v.locate(['sections', s.index, 'category', list, j]),
              category: s.id,
              policyVersion: v.version,
              key: `unknown-type:${v.version}:${s.id}:${list}:${type}`,
            });
          });
        }
      }
    }
  },
};
export default rule;

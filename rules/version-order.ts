import path from 'node:path';
import type { Rule } from '../src/core/types.js';
import { onceOnly } from '../src/policy/lifecycle.js';

const rule: Rule = {
  meta: {
    id: 'version-order',
    type: 'lifecycle',
    defaultSeverity: 'error',
    docs: {
      description: 'Version dates and names are inconsistent: published after effective, two versions with one effective date, or a version whose file name or effective date differs from `version`.',
      rationale: 'The version in force at any date must be unambiguous, and its name must say when it took effect.',
      help: 'A version file is named `<version>.yaml`, with `version` = `effective` and `published` ≤ `effective`; each version takes effect on its own day.',
    },
  },
  check(ctx) {
    if (!onceOnly(ctx)) return;
    let previous: (typeof ctx.policy.versions)[number] | undefined;
    for (const v of ctx.policy.versions) {
      const report = (message: string, at: string, what: string) =>
        ctx.report({ ruleId: 'version-order', message, location: v.locate([at]), policyVersion: v.version, key: `order:${v.file}:${what}` });
      const base = path.posix.basename(v.file).replace(/\.ya?ml$/, '');
      if (base !== v.version) report(`the file is named ${path.posix.basename(v.file)} but holds version ${v.version}; name it ${v.version}.yaml`, 'version', 'file-name');
      if (v.version !== v.effective) report(`version ${v.version} differs from its effective date ${v.effective}; a version is named by the day it takes effect`, 'version', 'version-effective');
      if (v.published > v.effective) report(`version ${v.version} is published on ${v.published}, after it takes effect (${v.effective})`, 'published', 'published-after-effective');
      if (previous && previous.effective === v.effective) {
        report(`versions ${previous.file} and ${v.file} both take effect on ${v.effective}; effective dates must strictly increase`, 'effective', 'same-effective');
      }
      previous = v;
    }
  },
};
export default rule;

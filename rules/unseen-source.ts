import type { Rule } from '../src/core/types.js';

/**
 * What a source saw it could not read without doing what the checker never does (fetching a
 * registry module, rendering a Helm template): a note once per thing unseen, not a warning per use.
 */
const rule: Rule = {
  meta: {
    id: 'unseen-source',
    type: 'repository',
    defaultSeverity: 'note',
    docs: {
      description: 'A part of the system is defined outside what the checker reads: a Terraform module from a registry or git that `terraform init` has not fetched here, a Helm chart template no `helm` binary rendered, SQL in a dialect it does not read (Oracle, Snowflake; named by the file\'s path).',
      rationale: 'The proof says what it could not see, once, so a reader knows its edge without a warning for every call.',
      help: 'Run `terraform init` before the check (its .terraform/modules/modules.json is read), or check the module\'s own repository; for a Helm chart, keep what it configures in values.yaml.',
    },
  },
  check(ctx) {
    for (const d of ctx.diagnostics) {
      if (d.code !== 'module-not-read' && d.code !== 'template-not-rendered' && d.code !== 'dialect-not-read') continue;
      ctx.report({ ruleId: 'unseen-source', message: d.message, location: d.location, key: `${d.code}|${d.message}` });
    }
  },
};
export default rule;

import type { Rule } from '../src/core/types.js';

const WHAT: Record<string, string> = {
  'parse-error': 'could not be parsed',
  'unreadable-file': 'could not be read',
  'skipped-file': 'was skipped',
  unresolved: 'could not be resolved',
  'annotation-error': 'has a malformed annotation',
  configuration: 'has an unusable configuration entry',
};

const rule: Rule = {
  meta: {
    id: 'source-error',
    type: 'repository',
    defaultSeverity: 'warning',
    docs: {
      description: 'A file of the repository could not be read or parsed, so what it holds was not checked.',
      rationale: 'The checker is honest about what it cannot know: an unreadable migration or config is a gap in the proof, not a pass.',
      help: 'Fix the syntax, or exclude the file in policyproof.yaml if it is not part of the system.',
    },
  },
  check(ctx) {
    for (const d of ctx.diagnostics) {
      // what no source could see without fetching or rendering is a note (unseen-source), not an error
      if (d.code === 'module-not-read' || d.code === 'template-not-rendered') continue;
      ctx.report({
        ruleId: 'source-error',
        message: `${d.location.file} ${WHAT[d.code] ?? d.code}: ${d.message}`,
        location: d.location,
        key: `${d.code}|${d.message}`,
      });
    }
  },
};
export default rule;

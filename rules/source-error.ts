import type { Rule } from '../src/core/types.js';

const WHAT: Record<string, string> = {
  'parse-error': 'could not be parsed',
  'unreadable-file': 'could not be read',
  'skipped-file': 'was skipped',
  unresolved: 'could not be resolved',
  'annotation-error': 'has a malformed annotation',
  configuration: 'has an unusable configuration entry',
  'skipped-path': 'was not scanned',
  'annotation-hint': 'has an annotation written differently',
  'invalid-bytes': 'holds bytes that are not text (read on with U+FFFD)',
};

/** Codes of a file whose content was not (fully) read. */
const UNREAD = new Set(['unreadable-file', 'skipped-file', 'parse-error']);
/** Codes that say something was left aside on purpose, or read anyway. */
const NOTES = new Set(['skipped-path', 'annotation-hint']);

const rule: Rule = {
  meta: {
    id: 'source-error',
    type: 'repository',
    defaultSeverity: 'warning',
    docs: {
      description: 'A file of the repository could not be read or parsed, so what it holds was not checked.',
      rationale: 'The checker is honest about what it cannot know: an unreadable migration or config is a gap in the proof, not a pass.',
      help: 'Fix the syntax, or exclude the file in policyproof.yaml if it is not part of the system. It is an error where the file holds policy tags (a violation there would pass unseen), a note for a link or special file that was not scanned.',
    },
  },
  check(ctx) {
    for (const d of ctx.diagnostics) {
      // what no source could see without fetching or rendering is a note (unseen-source), not an error
      if (d.code === 'module-not-read' || d.code === 'template-not-rendered' || d.code === 'dialect-not-read') continue;
      ctx.report({
        ruleId: 'source-error',
        message: `${d.location.file} ${WHAT[d.code] ?? d.code}: ${d.message}`,
        location: d.location,
        key: `${d.code}|${d.message}`,
        // Unreadable where the file holds policy tags (or a category points at it): a violation
        // there would pass unseen, so it fails the default --fail-on error. A link or special file
        // the walk did not enter is only a note.
        severity: d.tagged && UNREAD.has(d.code) ? 'error' : NOTES.has(d.code) ? 'note' : undefined,
      });
    }
  },
};
export default rule;

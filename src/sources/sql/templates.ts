/**
 * SQL files that are templates: control directives (`[% IF x %]…[% ELSE %]…[% END %]` of Perl's
 * Template Toolkit, Jinja's `{% if %}`, Go's `{{ if }}`) choose what SQL there is when the template
 * is rendered. The placeholder pass blanks the directives and keeps every branch; where that is
 * not SQL (two FROMs one after the other), the statements that fail say nothing about the code's
 * SQL, only that the template was not rendered: one note per file instead of a source-error per
 * statement (the unseen-source rule reports it, as for a Helm chart's templates).
 */
import type { Diagnostic } from '../../core/types.js';

const CONTROL = /\[%-?\s*(?:IF|ELSIF|ELSE|UNLESS|FOREACH|FOR|WHILE|SWITCH|CASE|END)\b|\{%-?\s*(?:if|elif|else|for|unless|case|when)\b|\{\{-?\s*(?:if|else|range|with)\b/i;

/** Does this SQL hold a template's control directive? */
export function isSqlTemplate(text: string): boolean {
  return (text.includes('%') || text.includes('{{')) && CONTROL.test(text);
}

/**
 * The parse errors reported since `from` in files that are templates, or in a dialect policyproof does
 * not read (`unread`: file → the dialect's name), become one note per file, at the first one's line.
 * Other diagnostics, and other files, stay as they are.
 */
export function oneNotePerTemplate(diagnostics: Diagnostic[], from: number, templates: ReadonlySet<string>, unread: ReadonlyMap<string, string> = new Map()): void {
  if (templates.size === 0 && unread.size === 0) return;
  const failed = new Map<string, Diagnostic[]>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics.slice(from)) {
    if (d.code !== 'parse-error' || !(templates.has(d.location.file) || unread.has(d.location.file))) {
      kept.push(d);
      continue;
    }
    const list = failed.get(d.location.file);
    if (list) list.push(d);
    else failed.set(d.location.file, [d]);
  }
  if (failed.size === 0) return;
  for (const list of failed.values()) {
    const first = list.reduce((a, b) => (b.location.line < a.location.line ? b : a));
    const n = list.length;
    const dialect = unread.get(first.location.file);
    if (dialect !== undefined && !templates.has(first.location.file)) {
      kept.push({
        code: 'dialect-not-read',
        message: `${dialect} SQL (its path says so): policyproof does not read ${dialect}, and ${n} statement${n === 1 ? ' does' : 's do'} not parse as another dialect (the first here: ${first.message}); what parses is read`,
        location: first.location,
      });
      continue;
    }
    kept.push({
      code: 'template-not-rendered',
      message: `SQL template: with its directives blanked and every branch kept, ${n} statement${n === 1 ? ' does' : 's do'} not parse (the first here: ${first.message}); what the template declares is read only where it parses. Check its rendered SQL to read the rest`,
      location: first.location,
    });
  }
  diagnostics.splice(from, diagnostics.length - from, ...kept);
}

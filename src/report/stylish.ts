import type { CheckResult } from '../engine/check.js';
import type { Finding } from '../core/types.js';
import { countFindings, type RenderOptions } from './index.js';
import { testFilesNote } from '../engine/test-paths.js';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * ESLint's stylish layout: findings grouped by file, one short line each, then a summary line. The
 * policy's promise (the quotes) is shown under a finding only with --verbose; JSON, SARIF, markdown
 * and the PR comment carry it always.
 */
export function renderStylish(result: CheckResult, opts: RenderOptions): string {
  const color = opts.color ?? false;
  const red = paint(color, '31');
  const yellow = paint(color, '33');
  const blue = paint(color, '34');
  const dim = paint(color, '2');
  const bold = paint(color, '1');
  const underline = paint(color, '4');
  const lines: string[] = [];
  const header = `policy ${result.policy.identity.id} — ${result.inForce ? `version ${result.inForce.version} in force on ${result.at}` : `no version in force on ${result.at}`}` +
    (result.pending.length ? `; pending: ${result.pending.map((v) => `${v.version} (effective ${v.effective})`).join(', ')}` : '');
  lines.push(dim(header), '');
  const visible = result.findings.filter((f) => !f.suppressed);
  const byFile = new Map<string, Finding[]>();
  for (const f of visible) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  for (const [file, list] of byFile) {
    lines.push(underline(oneLine(file)));
    for (const f of list) {
      const sev = f.severity === 'error' ? red('error  ') : f.severity === 'warning' ? yellow('warning') : blue('note   ');
      const pos = `${f.location.line}:${f.location.column}`.padEnd(8);
      lines.push(`  ${dim(pos)} ${sev}  ${oneLine(f.message)}  ${dim(f.ruleId)}`);
      if (opts.verbose) {
        for (const [lang, text] of Object.entries(f.promise?.text ?? {})) if (text) lines.push(dim(`           ${lang}: "${oneLine(text)}"`));
      }
    }
    lines.push('');
  }
  const c = countFindings(result);
  const total = c.errors + c.warnings + c.notes;
  // what could not be read is a gap in the proof: the summary says how many files it is
  const unreadFiles = new Set(visible.filter((f) => f.ruleId === 'source-error' && f.severity !== 'note').map((f) => f.location.file)).size;
  const unread = unreadFiles ? `; ${unreadFiles} file${unreadFiles === 1 ? '' : 's'} could not be read` : '';
  const suppressed = c.suppressed ? `, ${c.suppressed} suppressed` : '';
  if (total === 0) lines.push(bold(`✔ no problems (${result.stores.length} stores checked${suppressed})`));
  else {
    const mark = c.errors ? red('✖') : yellow('⚠');
    lines.push(bold(`${mark} ${total} problem${total === 1 ? '' : 's'} (${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.notes} note${c.notes === 1 ? '' : 's'}${suppressed})${unread}`));
  }
  const leftOut = testFilesNote(result.testFilesLeftOut ?? 0);
  if (leftOut) lines.push(dim(leftOut));
  return `${lines.join('\n')}\n`;
}

/**
 * Terminal output never carries control characters from scanned files (they could move the cursor
 * or clear the screen), nor bidirectional controls (they would show text in another order than it is).
 */
export function oneLine(s: string): string {
  return s
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

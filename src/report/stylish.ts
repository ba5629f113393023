import type { CheckResult } from '../engine/check.js';
import type { Finding } from '../core/types.js';
import { countFindings, type RenderOptions } from './index.js';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** ESLint's stylish layout: findings grouped by file, then a summary line. */
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
      lines.push(`  ${dim(pos)} ${sev}  ${oneLine(clipQuotes(f))}  ${dim(f.ruleId)}`);
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

/** Longest quote of the policy a terminal line shows; JSON, SARIF and the others keep it whole. */
export const STYLISH_QUOTE_LIMIT = 160;

/**
 * The message with each long quote of the policy (the finding's promise, in English and Swedish)
 * cut at a word boundary and ended with an ellipsis. Presentation only: the quote is still the
 * promise's own words, and `--format json` has them all.
 */
export function clipQuotes(f: Pick<Finding, 'message' | 'promise'>, limit = STYLISH_QUOTE_LIMIT): string {
  let message = f.message;
  for (const text of [f.promise?.en, f.promise?.sv]) {
    if (!text || text.length <= limit) continue;
    const quoted = `"${text}"`;
    if (!message.includes(quoted)) continue;
    message = message.split(quoted).join(`"${clip(text, limit)}"`);
  }
  return message;
}

function clip(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  let head = flat.slice(0, limit - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const space = head.lastIndexOf(' ');
  // Cut at the last word boundary unless that throws most of the room away (one very long word).
  const cut = space > limit * 0.6 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

import type { CheckResult } from '../engine/check.js';
import { withPromise } from './quote.js';
import { countFindings } from './index.js';

/**
 * Escapes text for a Markdown table cell or paragraph: no HTML, no links, no table breaks, no
 * @-mention (a zero-width space follows each `@`: the report may be posted as a PR comment), and
 * bidirectional controls shown as their code points (they would reorder what readers see).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~$])/g, '\\$1')
    .replace(/@/g, '@\u200B')
    .replace(/\r?\n|\r/g, ' ');
}

export function renderMarkdown(result: CheckResult): string {
  const c = countFindings(result);
  const out: string[] = [];
  out.push('## policyproof');
  out.push('');
  const inForce = result.inForce ? `version **${escapeMarkdown(result.inForce.version)}** in force on ${result.at}` : `no version in force on ${result.at}`;
  out.push(`Policy \`${result.policy.identity.id.replace(/`/g, '')}\`: ${inForce}.`);
  for (const v of result.pending) out.push(`Pending: version **${escapeMarkdown(v.version)}**, published ${v.published}, effective ${v.effective}.`);
  out.push('');
  out.push(`| errors | warnings | notes | suppressed | stores |`);
  out.push(`|---:|---:|---:|---:|---:|`);
  out.push(`| ${c.errors} | ${c.warnings} | ${c.notes} | ${c.suppressed} | ${result.stores.length} |`);
  out.push('');
  const visible = result.findings.filter((f) => !f.suppressed);
  if (visible.length === 0) {
    out.push('No problems found.');
  } else {
    out.push('| severity | rule | location | message |');
    out.push('|---|---|---|---|');
    for (const f of visible) {
      out.push(`| ${f.severity} | \`${f.ruleId}\` | ${escapeMarkdown(`${f.location.file}:${f.location.line}:${f.location.column}`)} | ${escapeMarkdown(withPromise(f))} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

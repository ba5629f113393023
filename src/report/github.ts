import type { CheckResult } from '../engine/check.js';
import { withPromise } from './quote.js';
import type { Finding } from '../core/types.js';

/** Escaping of workflow-command data and properties, as GitHub's runner reads them. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotationCommand(f: Finding): string {
  const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${escapeProperty(f.location.file)}`,
    `line=${f.location.line}`,
    `col=${f.location.column}`,
    ...(f.location.endLine ? [`endLine=${f.location.endLine}`] : []),
    `title=${escapeProperty(`policyproof ${f.ruleId}`)}`,
  ];
  return `::${command} ${props.join(',')}::${escapeData(withPromise(f))}`;
}

/** One workflow command per unsuppressed finding (GitHub shows them as annotations). */
export function renderGithub(result: CheckResult): string {
  const lines = result.findings.filter((f) => !f.suppressed).map(annotationCommand);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

import type { CheckResult } from '../engine/check.js';
import { renderStylish } from './stylish.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderMarkdown } from './markdown.js';
import { renderGithub } from './github.js';

export type Format = 'stylish' | 'json' | 'sarif' | 'markdown' | 'github';
export const FORMATS: Format[] = ['stylish', 'json', 'sarif', 'markdown', 'github'];

export interface RenderOptions {
  color?: boolean;
  /** tool version, for SARIF and JSON */
  version?: string;
  /** stylish: the policy's promise under each finding (the line itself stays short) */
  verbose?: boolean;
}

/** Reporters only render: every finding of the result, in its order. Filtering is the engine's job. */
export function render(format: Format, result: CheckResult, opts: RenderOptions = {}): string {
  switch (format) {
    case 'stylish':
      return renderStylish(result, opts);
    case 'json':
      return renderJson(result, opts);
    case 'sarif':
      return renderSarif(result, opts);
    case 'markdown':
      return renderMarkdown(result);
    case 'github':
      return renderGithub(result);
  }
}

export interface Counts {
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
}

export function countFindings(result: Pick<CheckResult, 'findings'>): Counts {
  const c: Counts = { errors: 0, warnings: 0, notes: 0, suppressed: 0 };
  for (const f of result.findings) {
    if (f.suppressed) c.suppressed++;
    else if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.notes++;
  }
  return c;
}

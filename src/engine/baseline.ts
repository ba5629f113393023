import { readFile } from 'node:fs/promises';
import type { Finding } from '../core/types.js';

/** A baseline records findings by rule + file + store/logical key (their fingerprint), never by line. */
export const BASELINE_FORMAT = 1;

export class BaselineError extends Error {}

export interface BaselineEntry {
  rule: string;
  file: string;
  store?: string;
  fingerprint: string;
}

export function baselineText(findings: Finding[]): string {
  const entries: BaselineEntry[] = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ rule: f.ruleId, file: f.location.file, ...(f.storeId ? { store: f.storeId } : {}), fingerprint: f.fingerprint }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return `${JSON.stringify({ tool: 'policyproof', format: BASELINE_FORMAT, findings: entries }, null, 2)}\n`;
}

export async function readBaseline(file: string): Promise<Set<string>> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new BaselineError(`--baseline ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a policyproof baseline (${(e as Error).message})`}`);
  }
  const b = data as { tool?: string; format?: number; findings?: BaselineEntry[] };
  if (b?.tool !== 'policyproof' || !Array.isArray(b.findings)) throw new BaselineError(`--baseline ${file}: not a policyproof baseline`);
  if (typeof b.format !== 'number' || b.format > BASELINE_FORMAT) {
    throw new BaselineError(`--baseline ${file}: format ${b.format} is newer than this policyproof understands (${BASELINE_FORMAT}); upgrade policyproof`);
  }
  return new Set(b.findings.map((e) => e.fingerprint));
}

/** Findings already in the baseline are kept but marked, so they neither show nor fail the run. */
export function applyBaseline(findings: Finding[], known: Set<string>): void {
  for (const f of findings) {
    if (!f.suppressed && known.has(f.fingerprint)) f.suppressed = { kind: 'external', justification: 'recorded in the baseline' };
  }
}

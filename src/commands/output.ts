import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../engine/check.js';
import { UsageError } from '../engine/files.js';
import { FORMATS, render, type Format } from '../report/index.js';
import { version } from '../main.js';
import type { Severity } from '../core/types.js';

export interface OutputSpec {
  format: Format;
  file?: string;
}

/** `--format json`, `--format sarif=out.sarif` (repeatable). */
export function parseFormats(values: string[] | undefined, fallback: Format = 'stylish'): OutputSpec[] {
  const specs = (values?.length ? values : [fallback]).map((v) => {
    const eq = v.indexOf('=');
    const format = (eq === -1 ? v : v.slice(0, eq)) as Format;
    const file = eq === -1 ? undefined : v.slice(eq + 1);
    if (!FORMATS.includes(format)) throw new UsageError(`--format: unknown format "${format}" (use ${FORMATS.join(', ')})`);
    if (file === '') throw new UsageError(`--format ${format}=: the file name is empty`);
    return { format, file };
  });
  if (specs.filter((s) => !s.file).length > 1) throw new UsageError('--format: only one format can go to stdout; give the others a file (FORMAT=FILE)');
  return specs;
}

export async function writeOutputs(result: CheckResult, specs: OutputSpec[]): Promise<void> {
  const color = useColor(process.env, Boolean(process.stdout.isTTY));
  for (const spec of specs) {
    const text = render(spec.format, result, { color: spec.file ? false : color, version: version() });
    if (spec.file) {
      await mkdir(path.dirname(path.resolve(spec.file)), { recursive: true });
      await writeFile(spec.file, text);
      process.stderr.write(`policyproof: wrote ${spec.format} to ${spec.file}\n`);
    } else process.stdout.write(text);
  }
}

/**
 * Colour on a terminal only. NO_COLOR (any non-empty value) turns it off and wins; FORCE_COLOR
 * (other than 0/false) turns it on where stdout is not a terminal (CI logs); TERM=dumb turns it off.
 */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

const RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

export function parseFailOn(value: string | undefined): Severity {
  const v = value ?? 'error';
  if (!(v in RANK)) throw new UsageError(`--fail-on: "${v}" is not one of error, warning, note`);
  return v as Severity;
}

/** 1 when an unsuppressed finding is at or above the threshold. */
export function exitCodeFor(result: Pick<CheckResult, 'findings'>, failOn: Severity): number {
  return result.findings.some((f) => !f.suppressed && RANK[f.severity] >= RANK[failOn]) ? 1 : 0;
}

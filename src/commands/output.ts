import { mkdir, stat, writeFile } from 'node:fs/promises';
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

export async function writeOutputs(result: CheckResult, specs: OutputSpec[], verbose = false): Promise<void> {
  const color = useColor(process.env, Boolean(process.stdout.isTTY));
  for (const spec of specs) {
    const text = render(spec.format, result, { color: spec.file ? false : color, version: version(), verbose });
    if (spec.file) {
      await writeOutputFile(spec.file, text, `--format ${spec.format}=${spec.file}`);
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

/**
 * Writes a report file, creating its folder. A file that cannot be written is a usage error in one
 * line (exit 2) naming the flag. The folders are made one by one from the nearest existing one:
 * `mkdir -p` under /proc never returns on Linux (Node's recursive mkdir loops on its ENOENT).
 */
export async function writeOutputFile(file: string, text: string, flag: string): Promise<void> {
  const fail = (e: unknown): never => {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EISDIR' ? 'it is a folder' : err.code === 'ENOTDIR' ? 'a part of the path is a file' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code ?? err.message;
    throw new UsageError(`${flag}: cannot write ${file} (${why})`);
  };
  const missing: string[] = [];
  for (let dir = path.dirname(path.resolve(file)); ; ) {
    try {
      if (!(await stat(dir)).isDirectory()) fail(Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
      break;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fail(e);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      missing.push(dir);
      dir = parent;
    }
  }
  try {
    for (const dir of missing.reverse()) {
      await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    }
    await writeFile(file, text);
  } catch (e) {
    fail(e);
  }
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

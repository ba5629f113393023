import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(REPO, 'build/src/cli.js');

/** Newest modification time under a folder (ts sources only). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** The CLI tests run the compiled CLI, as users do; build it when the sources are newer. */
export function ensureBuilt(): void {
  const stale = !existsSync(CLI) || newest(path.join(REPO, 'src')) > statSync(CLI).mtimeMs || newest(path.join(REPO, 'rules')) > statSync(CLI).mtimeMs;
  if (!stale) return;
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tsc failed:\n${r.stdout}${r.stderr}`);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; timeout?: number } = {}): Run {
  const started = performance.now();
  const env = { ...process.env, NO_COLOR: '1', ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO, env, encoding: 'utf8', timeout: opts.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

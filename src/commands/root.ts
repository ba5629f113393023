/**
 * Where the repository is when a command runs in one of its subfolders: the nearest folder, from
 * the working directory up to the repository root (the folder holding .git), that holds
 * policyproof.yaml or policy/policy.yaml — as git finds .git and ESLint its configuration.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../engine/files.js';

export interface Found {
  /** the folder holding the policy or the configuration, when one was found */
  root?: string;
  /** every folder looked in, nearest first */
  looked: string[];
}

export function findRepository(cwd: string, policyDir = 'policy'): Found {
  const looked: string[] = [];
  for (let dir = path.resolve(cwd); ; ) {
    looked.push(dir);
    if (existsSync(path.join(dir, 'policyproof.yaml')) || existsSync(path.join(dir, policyDir, 'policy.yaml'))) return { root: dir, looked };
    const parent = path.dirname(dir);
    if (existsSync(path.join(dir, '.git')) || parent === dir) return { looked };
    dir = parent;
  }
}

/** "not found" naming where it looked. */
export function notFound(found: Found, cwd: string): UsageError {
  const shown = found.looked.map((d) => path.relative(cwd, d) || '.');
  return new UsageError(
    `no policy found: looked for policy/policy.yaml and policyproof.yaml in ${shown.join(', ')}` +
      `${existsSync(path.join(found.looked.at(-1)!, '.git')) ? ' (up to the repository root)' : ' (up to the file system root; no git repository above)'}; run policyproof init to write one, or pass --policy DIR`,
  );
}

/**
 * Moves to the repository the working directory is in, when the policy is found above it and no
 * --policy or --config names one: PATHs given relative to the working directory are rewritten
 * relative to the repository root. A PATH that does not exist is a usage error (exit 2).
 */
export function enterRepository(positionals: string[], flags: { policy?: string; config?: string }): string[] {
  const cwd = process.cwd();
  for (const p of positionals) {
    if (!existsSync(path.resolve(cwd, p))) throw new UsageError(`${p}: no such file or folder`);
  }
  if (flags.policy || flags.config) return positionals;
  const found = findRepository(cwd);
  if (!found.root) {
    // a single folder outside is checked as its own repository (policyproof check ../billing)
    if (positionals.length === 1 && statSync(path.resolve(cwd, positionals[0]!)).isDirectory() && path.relative(cwd, path.resolve(cwd, positionals[0]!)).startsWith('..')) return positionals;
    throw notFound(found, cwd);
  }
  if (found.root === cwd) return positionals;
  process.chdir(found.root);
  return positionals.map((p) => path.relative(found.root!, path.resolve(cwd, p)) || '.');
}

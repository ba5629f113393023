import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { cmp } from '../core/compare.js';
import { PolicySourceError } from './reference.js';

/**
 * Where fetched policies are kept: POLICYPROOF_CACHE_DIR, else policyproof.yaml's `cache-dir`
 * (relative to the repository), else $XDG_CACHE_HOME/policyproof, else ~/.cache/policyproof.
 */
export function cacheDirectory(root: string, configured?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.POLICYPROOF_CACHE_DIR) return path.resolve(env.POLICYPROOF_CACHE_DIR);
  if (configured) return path.resolve(root, configured);
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(xdg, 'policyproof');
}

/**
 * The digest of a folder's contents: every file's path and sha256, every link's target, sorted.
 * The lock pins it, so an entry changed after it was fetched is caught before it is read.
 */
export async function contentsDigest(dir: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries.sort((a, b) => cmp(a.name, b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const full = path.join(dir, r);
      if (e.isDirectory()) await walk(r);
      else if (e.isSymbolicLink()) lines.push(`link ${r} ${await readlink(full)}`);
      else if (e.isFile()) lines.push(`file ${r} ${createHash('sha256').update(await readFile(full)).digest('hex')}`);
      else lines.push(`other ${r}`);
    }
  };
  await walk('');
  return `sha256-${createHash('sha256').update(lines.join('\n')).digest('base64')}`;
}

export async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Fills a cache entry atomically: `fill` writes into a fresh folder beside it, which is renamed
 * into place, so a reader never sees half an entry. An existing entry is replaced.
 */
export async function writeEntry(entry: string, fill: (dir: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(entry), { recursive: true });
  const work = `${entry}.partial-${randomBytes(6).toString('hex')}`;
  try {
    await fill(work);
    await rm(entry, { recursive: true, force: true });
    await rename(work, entry);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A cache entry is used only when its contents still have the digest the lock pins. */
export async function verifyEntry(entry: string, expected: string, what: string): Promise<void> {
  const info = await stat(entry).catch(() => undefined);
  if (!info?.isDirectory()) throw new PolicySourceError(`${what}: the cache entry ${entry} is not a folder`);
  const actual = await contentsDigest(entry);
  if (actual !== expected) {
    throw new PolicySourceError(
      `${what}: the cache entry ${entry} was changed after it was fetched (its contents are ${actual}, policyproof.lock pins ${expected}); it is not used. Delete it and run again online.`,
    );
  }
}

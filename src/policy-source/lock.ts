import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicySourceError } from './reference.js';

export const LOCK_FILE = 'policyproof.lock';

/** What a run of this commit checks against: the reference as written and exactly what it resolved to. */
export type PolicyPin =
  | {
      kind: 'git';
      reference: string;
      url: string;
      ref: string;
      refType: 'tag' | 'branch' | 'commit';
      commit: string;
      path: string;
      /** the digest of the fetched tree (cache.ts contentsDigest) */
      contents: string;
    }
  | {
      kind: 'npm';
      reference: string;
      name: string;
      version: string;
      /** the registry's integrity of the tarball (sha512-…) */
      integrity: string;
      path: string;
      contents: string;
    };

interface LockFile {
  lockfileVersion: 1;
  policy: PolicyPin;
}

/** The pin in `policyproof.lock` at the repository root; undefined when there is none. */
export async function readLock(root: string): Promise<PolicyPin | undefined> {
  const file = path.join(root, LOCK_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PolicySourceError(`${LOCK_FILE}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (text.length > 1024 * 1024) throw new PolicySourceError(`${LOCK_FILE}: larger than 1 MB; not read`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PolicySourceError(`${LOCK_FILE}: not valid JSON (${(e as Error).message}); delete it to pin the policy again`);
  }
  const pin = (data as Partial<LockFile>)?.policy as Record<string, unknown> | undefined;
  const strings = (keys: string[]) => keys.every((k) => typeof pin?.[k] === 'string');
  const ok =
    (data as Partial<LockFile>)?.lockfileVersion === 1 &&
    ((pin?.kind === 'git' && strings(['reference', 'url', 'ref', 'refType', 'commit', 'path', 'contents']) && /^[0-9a-f]{40,64}$/.test(pin.commit as string)) ||
      (pin?.kind === 'npm' && strings(['reference', 'name', 'version', 'integrity', 'path', 'contents'])));
  if (!ok) throw new PolicySourceError(`${LOCK_FILE}: not a policyproof lock (lockfileVersion 1 with a git or npm "policy" pin); delete it to pin the policy again`);
  return pin as unknown as PolicyPin;
}

/** Same pin, same bytes: keys in a fixed order, two-space JSON, a final newline. */
export function lockText(pin: PolicyPin): string {
  const order = pin.kind === 'git'
    ? ['kind', 'reference', 'url', 'ref', 'refType', 'commit', 'path', 'contents']
    : ['kind', 'reference', 'name', 'version', 'integrity', 'path', 'contents'];
  const policy = Object.fromEntries(order.map((k) => [k, (pin as Record<string, string>)[k]]));
  return `${JSON.stringify({ lockfileVersion: 1, policy }, null, 2)}\n`;
}

export async function writeLock(root: string, pin: PolicyPin): Promise<boolean> {
  const file = path.join(root, LOCK_FILE);
  const text = lockText(pin);
  const old = await readFile(file, 'utf8').catch(() => undefined);
  if (old === text) return false;
  await writeFile(file, text);
  return true;
}

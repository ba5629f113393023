/**
 * A shared policy, named by reference (git tag, npm package), becomes a folder before `check`
 * starts: resolved, fetched with the ordinary clients, kept in a cache per commit or integrity,
 * pinned in policyproof.lock and verified on every use. The engine still reads a folder.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { contentsDigest, exists, verifyEntry, writeEntry } from './cache.js';
import { archiveCommit, lsRemote, type GitAccess } from './git.js';
import { LOCK_FILE, readLock, writeLock, type PolicyPin } from './lock.js';
import { packPackage } from './npm.js';
import { parsePolicyReference, PolicySourceError, printable, type PolicyReference } from './reference.js';
import { extractTar } from './tar.js';

export { isPolicyReference, parsePolicyReference, PolicySourceError, type PolicyReference } from './reference.js';
export { cacheDirectory } from './cache.js';
export { SourceUnreadableError } from './git.js';
export { LOCK_FILE, readLock, type PolicyPin } from './lock.js';

export interface SourceOptions extends GitAccess {
  /** repository root: where policyproof.lock is */
  root: string;
  cacheDir: string;
  /** the cache only: no git, no npm, no network */
  offline?: boolean;
  /** write policyproof.lock when the pin is new or changed (default true) */
  writeLock?: boolean;
}

export interface ResolvedPolicy {
  /** the policy folder inside the cache entry */
  dir: string;
  reference: PolicyReference;
  pin: PolicyPin;
  /** not errors, but a user should hear them (a branch is not reproducible) */
  warnings: string[];
  lockWritten: boolean;
}

export async function resolvePolicySource(text: string, opts: SourceOptions): Promise<ResolvedPolicy> {
  const reference = parsePolicyReference(text, opts.serverUrl);
  const label = `policy source ${printable(text)}`;
  const lock = await readLock(opts.root);
  const pinned = lock?.reference === text ? lock : undefined;
  const warnings: string[] = [];
  let pin: PolicyPin;
  let entry: string;

  if (opts.offline) {
    if (!lock) throw new PolicySourceError(`${label}: --offline needs ${LOCK_FILE}, and there is none; run once online to pin the policy`);
    if (!pinned) throw new PolicySourceError(`${label}: --offline, but ${LOCK_FILE} pins ${printable(lock.reference)}; run once online to pin this reference`);
    pin = pinned;
    entry = entryPath(opts.cacheDir, pin);
    if (!(await exists(entry))) throw new PolicySourceError(`${label}: --offline, and the pinned ${describePin(pin)} is not in the cache ${opts.cacheDir}; run once online`);
    await verifyEntry(entry, pin.contents, label);
  } else if (reference.kind === 'git') {
    const remote = await lsRemote(reference, opts);
    if (!remote) {
      throw new PolicySourceError(pinned
        ? `${label}: the ref ${reference.ref} no longer exists in ${printable(reference.url)} (was it deleted?); ${LOCK_FILE} pins commit ${pinned.kind === 'git' ? pinned.commit : '?'}`
        : `${label}: no tag or branch ${reference.ref} in ${printable(reference.url)}`);
    }
    if (remote.refType === 'branch') {
      warnings.push(`${label}: ${reference.ref} is a branch, not a tag, so the policy can change without a commit here (not reproducible); name a tag`);
    }
    let known = pinned?.kind === 'git' ? pinned : undefined;
    if (known && known.commit !== remote.commit) {
      if (remote.refType === 'tag') {
        throw new PolicySourceError(
          `${label}: the tag ${reference.ref} moved: ${LOCK_FILE} pins commit ${known.commit}, ${printable(reference.url)} now has ${remote.commit}. A published policy tag must not move; if the change is intended, delete ${LOCK_FILE} and run again`,
        );
      }
      warnings.push(`${label}: the branch ${reference.ref} moved from ${known.commit.slice(0, 12)} to ${remote.commit.slice(0, 12)}; ${LOCK_FILE} is updated`);
      known = undefined;
    }
    const draft = { kind: 'git' as const, reference: text, url: reference.url, ref: reference.ref, refType: remote.refType, commit: remote.commit, path: reference.path };
    entry = entryPath(opts.cacheDir, { ...draft, contents: '' });
    if (known && (await exists(entry))) await verifyEntry(entry, known.contents, label);
    else {
      const tar = await archiveCommit(reference, remote, opts.cacheDir, opts);
      await writeEntry(entry, (dir) => extractTar(tar, dir, { label }).then(() => undefined));
    }
    pin = { ...draft, contents: known?.contents ?? (await contentsDigest(entry)) };
  } else {
    const known = pinned?.kind === 'npm' ? pinned : undefined;
    const cached = known ? entryPath(opts.cacheDir, known) : undefined;
    if (known && cached && (await exists(cached))) {
      await verifyEntry(cached, known.contents, label);
      pin = known;
      entry = cached;
    } else {
      const packed = await packPackage(reference, known?.version ?? reference.range, { root: opts.root, cacheDir: opts.cacheDir });
      if (known && packed.integrity !== known.integrity) {
        throw new PolicySourceError(
          `${label}: integrity mismatch for ${reference.name}@${known.version}: ${LOCK_FILE} pins ${known.integrity}, the registry serves ${packed.integrity}. A published version must not change; if this is intended, delete ${LOCK_FILE} and run again`,
        );
      }
      const draft = { kind: 'npm' as const, reference: text, name: reference.name, version: packed.version, integrity: packed.integrity, path: reference.path };
      entry = entryPath(opts.cacheDir, { ...draft, contents: '' });
      await writeEntry(entry, (dir) => extractTar(packed.tarball, dir, { strip: 1, label }).then(() => undefined));
      pin = { ...draft, contents: await contentsDigest(entry) };
    }
  }

  const dir = await policyFolder(entry, pin.path, label);
  const lockWritten = !opts.offline && opts.writeLock !== false ? await writeLock(opts.root, pin) : false;
  return { dir, reference, pin, warnings, lockWritten };
}

/** One folder per resolved commit or tarball integrity. */
export function entryPath(cacheDir: string, pin: PolicyPin): string {
  if (pin.kind === 'git') return path.join(cacheDir, 'git', pin.commit);
  return path.join(cacheDir, 'npm', Buffer.from(pin.integrity.replace(/^sha512-/, ''), 'base64').toString('hex').slice(0, 64));
}

export function describePin(pin: PolicyPin): string {
  return pin.kind === 'git' ? `${pin.ref} (${pin.refType}) at commit ${pin.commit.slice(0, 12)}` : `${pin.name}@${pin.version}`;
}

/** The folder named after ':' — or policy.yaml at the top, or policy/ — or "not a policy". */
async function policyFolder(entry: string, folder: string, label: string): Promise<string> {
  const has = async (dir: string) => (await stat(path.join(dir, 'policy.yaml')).catch(() => undefined))?.isFile() ?? false;
  if (folder) {
    const dir = path.join(entry, ...folder.split('/'));
    if (await has(dir)) return dir;
    throw new PolicySourceError(`${label}: not a policy: ${folder}/policy.yaml does not exist in the source`);
  }
  if (await has(entry)) return entry;
  if (await has(path.join(entry, 'policy'))) return path.join(entry, 'policy');
  throw new PolicySourceError(`${label}: not a policy: no policy.yaml at its top or in policy/ (name the folder after a colon, e.g. ${printable(label.replace(/^policy source /, ''))}:path/to/policy)`);
}

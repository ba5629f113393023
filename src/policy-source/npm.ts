import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PolicySourceError, printable, type PolicyReference } from './reference.js';
import { SourceUnreadableError } from './git.js';

type NpmReference = Extract<PolicyReference, { kind: 'npm' }>;

/**
 * npm, as the user has it configured (registry, scoped registries, auth in .npmrc), but never
 * running a script, and keeping its own cache inside ours so nothing is written elsewhere.
 */
function npm(args: string[], ref: NpmReference, opts: { cwd: string; cacheDir: string }): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_ignore_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_cache: path.join(opts.cacheDir, 'npm', '_npm-cache'),
    npm_config_loglevel: 'error',
  };
  const bin = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    execFile(bin, [...args, '--ignore-scripts', '--json'], { cwd: opts.cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      let code = '';
      let summary = '';
      try {
        const data = JSON.parse(stdout) as { error?: { code?: string; summary?: string } };
        code = data.error?.code ?? '';
        summary = data.error?.summary ?? '';
      } catch {
        summary = (stderr.split('\n').find((l) => /error/i.test(l)) ?? stderr.split('\n')[0] ?? err.message).trim();
      }
      const label = `policy source ${printable(ref.text)}`;
      const said = printable(summary.split('\n')[0]);
      if (code === 'EINTEGRITY' || /integrity/i.test(summary)) reject(new PolicySourceError(`${label}: integrity mismatch: the registry's tarball does not have the integrity it is published with (${said})`));
      else if (code === 'E404' || code === 'ETARGET') reject(new PolicySourceError(`${label}: no such package or version in the registry (${said})`));
      else if (/^E40[13]$/.test(code)) reject(new SourceUnreadableError(`${label}: the registry refuses to serve it with the credentials given (${said})`));
      else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(`${code} ${summary}`)) reject(new SourceUnreadableError(`${label}: the registry is unreachable (${said})`));
      else reject(new PolicySourceError(`${label}: npm failed (${code ? `${code}: ` : ''}${said})`));
    });
  });
}

export interface PackedPackage {
  version: string;
  /** sha512-… of the tarball as downloaded (computed here, not taken from npm) */
  integrity: string;
  tarball: Buffer;
}

/** Downloads NAME@SPEC's tarball with `npm pack` (which resolves a range the way npm install does) and runs nothing from it. */
export async function packPackage(ref: NpmReference, spec: string, opts: { root: string; cacheDir: string }): Promise<PackedPackage> {
  const dest = path.join(opts.cacheDir, 'npm', `.pack-${randomBytes(6).toString('hex')}`);
  await mkdir(dest, { recursive: true });
  try {
    const out = await npm(['pack', `${ref.name}@${spec}`, '--pack-destination', dest], ref, { cwd: opts.root, cacheDir: opts.cacheDir });
    let info: Array<{ version?: string; filename?: string; integrity?: string }>;
    try {
      info = JSON.parse(out);
    } catch {
      throw new PolicySourceError(`policy source ${printable(ref.text)}: npm pack printed no JSON`);
    }
    const first = info[0];
    if (!first?.version || !first.filename) throw new PolicySourceError(`policy source ${printable(ref.text)}: npm pack named no tarball`);
    const tarball = await readFile(path.join(dest, path.basename(first.filename)));
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    if (first.integrity && first.integrity !== integrity) {
      throw new PolicySourceError(`policy source ${printable(ref.text)}: integrity mismatch: npm reported ${first.integrity}, the tarball is ${integrity}`);
    }
    return { version: first.version, integrity, tarball };
  } finally {
    await rm(dest, { recursive: true, force: true });
  }
}

/** Published versions of the package matching `range` (npm's own semver), for `policy outdated`. */
export async function publishedVersions(ref: NpmReference, range: string, opts: { root: string; cacheDir: string }): Promise<string[]> {
  const out = await npm(['view', `${ref.name}@${range}`, 'version'], ref, { cwd: opts.root, cacheDir: opts.cacheDir }).catch((e: Error) => {
    if (/no such package or version/.test(e.message)) return '[]';
    throw e;
  });
  const data = JSON.parse(out.trim() || '[]') as string | string[];
  return Array.isArray(data) ? data : [data];
}

import { UsageError } from '../engine/files.js';

/** A policy named by reference instead of a folder: it is fetched, cached and pinned before `check` starts. */
export type PolicyReference =
  | {
      kind: 'git';
      /** as written */
      text: string;
      /** what git is given: https://…, ssh://…, file://…, git://… */
      url: string;
      /** a tag (reproducible), a branch (warned) or a full commit id */
      ref: string;
      /** the policy folder inside the repository ('' = look for policy.yaml at the top, then policy/) */
      path: string;
      /** github:owner/repo: the workflow's token may read it */
      github?: { owner: string; repo: string };
    }
  | { kind: 'npm'; text: string; name: string; range: string; path: string };

export class PolicySourceError extends UsageError {}

const GIT_SCHEMES = ['https', 'http', 'ssh', 'file', 'git'];
// git check-ref-format forbids ':' and spaces in ref names, so ':' can start the folder, as in `git show REF:PATH`.
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/+-]*$/;
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const NPM_RANGE = /^[A-Za-z0-9^~<>=|.*x+ -]+$/;
const GITHUB_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;

/** Whether `--policy`/`policy:` names a reference rather than a folder. */
export function isPolicyReference(value: string): boolean {
  return /^(?:git\+[a-z]+:\/\/|git:\/\/|github:|npm:)/.test(value);
}

/**
 * `git+https://host/repo.git#v2027-01-15`, `git+file:///srv/policy.git#v1:policy`,
 * `git://127.0.0.1:9418/policy.git#v1`, `github:acme/privacy-policy@v2027-01-15:policy`,
 * `npm:@acme/privacy-policy@^2027` (optionally `:folder` after the range).
 */
export function parsePolicyReference(text: string, serverUrl = 'https://github.com'): PolicyReference {
  const fail = (why: string): never => {
    throw new PolicySourceError(`policy reference "${printable(text)}": ${why}`);
  };
  if (/[\0-\x1f\x7f]/.test(text)) fail('contains control characters');
  if (text.length > 2048) fail('longer than 2048 characters');
  if (text.startsWith('npm:')) {
    const body = text.slice(4);
    const at = body.indexOf('@', 1);
    if (at < 0) fail('name a version range: npm:NAME@RANGE (e.g. npm:@acme/privacy-policy@^2027)');
    const name = body.slice(0, at);
    const [range, folder = ''] = splitFolder(body.slice(at + 1));
    if (!NPM_NAME.test(name)) fail(`"${name}" is not an npm package name`);
    if (!range || !NPM_RANGE.test(range) || range.startsWith('-')) fail(`"${range}" is not a version range`);
    return { kind: 'npm', text, name, range: range.trim(), path: checkFolder(folder, fail) };
  }
  if (text.startsWith('github:')) {
    const body = text.slice(7);
    const at = body.indexOf('@');
    if (at < 0) fail('name a tag: github:OWNER/REPO@TAG[:FOLDER]');
    const [owner, repo, ...extra] = body.slice(0, at).split('/');
    if (extra.length || !owner || !repo || !GITHUB_PART.test(owner) || !GITHUB_PART.test(repo)) fail('expected github:OWNER/REPO@TAG[:FOLDER]');
    const [ref, folder = ''] = splitFolder(body.slice(at + 1));
    checkRef(ref, fail);
    const base = serverUrl.replace(/\/+$/, '');
    return { kind: 'git', text, url: `${base}/${owner}/${repo.replace(/\.git$/, '')}.git`, ref, path: checkFolder(folder, fail), github: { owner, repo: repo.replace(/\.git$/, '') } };
  }
  const hash = text.indexOf('#');
  if (hash < 0) fail('name a tag after "#": git+https://HOST/REPO.git#TAG[:FOLDER]');
  const url = text.slice(0, hash).replace(/^git\+/, '');
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  if (!scheme || !GIT_SCHEMES.includes(scheme)) fail(`git over ${scheme ?? '?'} is not supported (use ${GIT_SCHEMES.join(', ')})`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('not a URL');
  }
  if (scheme !== 'file' && !parsed.hostname) fail('the URL names no host');
  const [ref, folder = ''] = splitFolder(text.slice(hash + 1));
  checkRef(ref, fail);
  return { kind: 'git', text, url, ref, path: checkFolder(folder, fail) };
}

function splitFolder(rest: string): [string, string?] {
  const colon = rest.indexOf(':');
  return colon < 0 ? [rest] : [rest.slice(0, colon), rest.slice(colon + 1)];
}

function checkRef(ref: string, fail: (why: string) => never): void {
  if (!ref) fail('no tag after the repository');
  if (!REF.test(ref) || ref.includes('..') || ref.endsWith('.lock') || ref.endsWith('/') || ref.endsWith('.')) fail(`"${ref}" is not a git tag, branch or commit`);
}

function checkFolder(folder: string, fail: (why: string) => never): string {
  const clean = folder.replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return '';
  if (clean.startsWith('/') || clean.split('/').some((p) => p === '..' || p === '' || p === '.')) fail(`the folder "${folder}" must be a plain path inside the source`);
  return clean;
}

/** Never echo a token written into a URL (https://user:token@host). */
export function printable(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@').replace(/[\0-\x1f\x7f]/g, '?');
}

import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PolicySourceError, printable, type PolicyReference } from './reference.js';

type GitReference = Extract<PolicyReference, { kind: 'git' }>;

/** The source could not be read at all (unreachable, or the token may not read it): the Action's fork note. */
export class SourceUnreadableError extends PolicySourceError {}

export interface GitAccess {
  /** a GitHub token, sent only to the GitHub server of a github: reference */
  token?: string;
  serverUrl?: string;
  timeoutMs?: number;
}

/** Runs git with no prompt, no pager and no configured credential helper's prompt; the token goes in the environment, never argv. */
function git(args: string[], ref: GitReference, access: GitAccess, cwd?: string): Promise<Buffer> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' };
  if (access.token && ref.github) {
    const server = (access.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = `http.${server}/.extraheader`;
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${access.token}`).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    execFile('git', ['-c', 'core.quotepath=off', '-c', 'protocol.ext.allow=never', ...args], { cwd, env, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: access.timeoutMs ?? 300_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const text = stderr.toString('utf8');
      const secret = access.token;
      const first = (text.split('\n').find((l) => /fatal|error/i.test(l)) ?? text.split('\n')[0] ?? err.message).trim();
      const said = printable(secret ? first.split(secret).join('***') : first);
      const label = `policy source ${printable(ref.text)}`;
      if (/Authentication failed|could not read Username|terminal prompts disabled|Repository not found|Permission denied|403/i.test(text)) {
        reject(new SourceUnreadableError(`${label}: cannot be read with the credentials given (${said})${ref.github ? '; a private policy repository needs a token that may read it (github-token with contents: read)' : ''}`));
      } else if ((err as { killed?: boolean }).killed) reject(new SourceUnreadableError(`${label}: git did not answer within ${Math.round((access.timeoutMs ?? 300_000) / 1000)} s`));
      else if (/unable to access|Could not resolve host|Connection refused|unable to connect|does not appear to be a git repository|not a git repository|No such file or directory/i.test(text)) {
        reject(new SourceUnreadableError(`${label}: unreachable (${said})`));
      } else reject(new PolicySourceError(`${label}: git failed (${said})`));
    });
  });
}

export interface RemoteRef {
  commit: string;
  refType: 'tag' | 'branch' | 'commit';
}

/** What the ref points at now, on the remote; undefined when the remote has no such tag or branch. */
export async function lsRemote(ref: GitReference, access: GitAccess): Promise<RemoteRef | undefined> {
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(ref.ref)) return { commit: ref.ref, refType: 'commit' };
  const out = (await git(['ls-remote', '--', ref.url, `refs/tags/${ref.ref}`, `refs/tags/${ref.ref}^{}`, `refs/heads/${ref.ref}`], ref, access)).toString('utf8');
  const refs = new Map(out.split('\n').filter(Boolean).map((l) => {
    const [sha, name] = l.split('\t');
    return [name, sha] as const;
  }));
  const tag = refs.get(`refs/tags/${ref.ref}^{}`) ?? refs.get(`refs/tags/${ref.ref}`);
  if (tag) return { commit: tag, refType: 'tag' };
  const branch = refs.get(`refs/heads/${ref.ref}`);
  if (branch) return { commit: branch, refType: 'branch' };
  return undefined;
}

/** Every tag of the remote with the commit it points at (for `policy outdated`). */
export async function remoteTags(ref: GitReference, access: GitAccess): Promise<Map<string, string>> {
  const out = (await git(['ls-remote', '--tags', '--', ref.url], ref, access)).toString('utf8');
  const tags = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, name] = line.split('\t');
    const tag = name.replace(/^refs\/tags\//, '');
    if (tag.endsWith('^{}')) tags.set(tag.slice(0, -3), sha);
    else if (!tags.has(tag)) tags.set(tag, sha);
  }
  return tags;
}

/**
 * The tree of one commit as a tar (`git archive`), fetched shallowly into a scratch repository
 * inside the cache. The fetched commit must be the one expected, or nothing is returned.
 */
export async function archiveCommit(ref: GitReference, remote: RemoteRef, cacheDir: string, access: GitAccess): Promise<Buffer> {
  const work = path.join(cacheDir, 'git', `.fetch-${randomBytes(6).toString('hex')}.git`);
  await mkdir(work, { recursive: true });
  try {
    await git(['init', '--bare', '--quiet', work], ref, access);
    const spec = remote.refType === 'tag' ? `refs/tags/${ref.ref}` : remote.refType === 'branch' ? `refs/heads/${ref.ref}` : remote.commit;
    await git(['fetch', '--quiet', '--depth=1', '--no-tags', '--', ref.url, spec], ref, access, work);
    const fetched = (await git(['rev-parse', '--verify', '--quiet', 'FETCH_HEAD^{commit}'], ref, access, work)).toString('utf8').trim();
    if (fetched !== remote.commit) {
      throw new PolicySourceError(`policy source ${printable(ref.text)}: ${ref.ref} changed while it was fetched (expected ${remote.commit.slice(0, 12)}, got ${fetched.slice(0, 12)}); run again`);
    }
    return await git(['archive', '--format=tar', fetched], ref, access, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

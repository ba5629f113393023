/** Real parts for the shared-policy tests: a git repository served by git itself, a temp consumer repository. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './cli.js';

export const GIT_ENV = { GIT_AUTHOR_NAME: 'Policy Team', GIT_AUTHOR_EMAIL: 'policy@example.test', GIT_COMMITTER_NAME: 'Policy Team', GIT_COMMITTER_EMAIL: 'policy@example.test' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A policy repository (the seed policy under policy/), committed and tagged, plus a bare clone
 * that the tests fetch from. `publish` commits the work tree's changes and pushes them, with the tag.
 */
export function policyRepository(): { work: string; bare: string; url: string; publish: (tag: string, force?: boolean) => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-source-'));
  const work = path.join(dir, 'work');
  mkdirSync(work);
  git(work, 'init', '--quiet', '--initial-branch=main');
  cpSync(path.join(REPO, 'policy'), path.join(work, 'policy'), { recursive: true });
  writeFileSync(path.join(work, 'README.md'), 'The privacy policy of Acme.\n');
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'policy');
  git(work, 'tag', 'v2018-05-20');
  const bare = path.join(dir, 'privacy-policy.git');
  git(dir, 'clone', '--quiet', '--bare', work, bare);
  return {
    work,
    bare,
    url: `file://${bare}`,
    publish(tag, force = false) {
      git(work, 'add', '-A');
      git(work, 'commit', '--quiet', '--allow-empty', '-m', `policy ${tag}`);
      git(work, 'tag', ...(force ? ['-f'] : []), tag);
      git(work, 'push', '--quiet', ...(force ? ['--force'] : []), bare, 'main', `refs/tags/${tag}`);
    },
  };
}

/** A repository that consumes a shared policy: one annotated table, no policy/ of its own. */
export function consumerRepository(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-consumer-'));
  const all = {
    'db/V1__debug.sql': '-- @category debug-data\nCREATE TABLE debug_log (id bigserial, message text, created_at timestamptz);\n',
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `git daemon` on 127.0.0.1 (a free port) serving the bare repository; stop() ends it. */
export async function gitDaemon(bare: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = path.dirname(bare);
  const port = await freePort();
  const child: ChildProcess = spawn('git', ['daemon', '--reuseaddr', '--export-all', `--base-path=${base}`, '--listen=127.0.0.1', `--port=${port}`, '--informative-errors', base], { stdio: 'ignore' });
  const url = `git://127.0.0.1:${port}/${path.basename(bare)}`;
  // Ready when it answers; bounded.
  const started = Date.now();
  for (;;) {
    try {
      execFileSync('git', ['ls-remote', url], { stdio: 'ignore', timeout: 5_000 });
      break;
    } catch {
      if (Date.now() - started > 15_000) {
        child.kill();
        throw new Error('git daemon did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/**
 * A real npm registry (verdaccio) on 127.0.0.1 with its storage in a temp folder, a user to
 * publish with, and the npm configuration a consumer needs (env). stop() ends it.
 */
export async function localRegistry(): Promise<{ url: string; storage: string; env: Record<string, string>; publish: (dir: string) => string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-registry-'));
  const storage = path.join(dir, 'storage');
  mkdirSync(storage);
  writeFileSync(
    path.join(dir, 'config.yaml'),
    [
      `storage: ${storage}`,
      'auth:',
      `  htpasswd: {file: ${path.join(dir, 'htpasswd')}, max_users: 10}`,
      'uplinks: {}',
      'packages:',
      "  '**': {access: $all, publish: $authenticated}",
      'log: {type: stdout, format: pretty, level: error}',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [path.join(REPO, 'node_modules/verdaccio/bin/verdaccio'), '-c', path.join(dir, 'config.yaml'), '-l', `127.0.0.1:${port}`], { stdio: 'ignore', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    });
  const started = Date.now();
  for (;;) {
    const ok = await fetch(`${url}-/ping`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - started > 30_000) {
      await stop();
      throw new Error('verdaccio did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const res = await fetch(`${url}-/user/org.couchdb.user:policy-team`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'policy-team', password: 'a-test-password-1' }),
  });
  const { token } = (await res.json()) as { token: string };
  const npmrc = path.join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  // One fetch attempt: the tests' failures are deliberate, retrying them only takes time.
  const env = { npm_config_registry: url, npm_config_userconfig: npmrc, npm_config_cache: path.join(dir, 'npm-cache'), npm_config_fetch_retries: '0' };
  const publish = (pkg: string) =>
    execFileSync('npm', ['publish', '--ignore-scripts', '--no-provenance'], { cwd: pkg, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return { url, storage, env, publish, stop };
}

/** A policy package: the seed policy under policy/, with the given package.json fields. */
export function policyPackage(fields: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-package-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: '@acme/privacy-policy', files: ['policy', 'install.js'], ...fields }, null, 2)}\n`);
  return dir;
}

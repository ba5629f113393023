/**
 * Runs the Action as a real process the way a runner does: a temporary git repository with a base
 * and a head commit, an event file, GITHUB_* and INPUT_* variables, output and summary files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { parseOutputs } from '../../../src/action/commands.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Bundles the test entry (real Action, stubbed scan) inside the repository so it finds schemas/. */
export async function bundleStubAction(): Promise<string> {
  const out = path.join(REPO_ROOT, '.tmp', `action-stub-${process.pid}`, 'index.mjs');
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['test/action/support/stub-entry.ts'],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['libpg-query', '@cdktf/hcl2json', 'pg-native'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'error',
  });
  return out;
}

export type Files = Record<string, string | null>;

export interface TestRepo {
  dir: string;
  baseSha: string;
  headSha: string;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
}

function writeFiles(dir: string, files: Files) {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (content === null) rmSync(abs, { force: true });
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
}

/**
 * A repository holding the project's real policy/ plus `base` files in its first commit, and
 * `head` applied on top in a second commit (null deletes a file). HEAD is the head commit.
 */
export function makeRepo(base: Files, head: Files, opts: { policy?: boolean } = {}): TestRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-action-'));
  git(dir, ['init', '-q', '-b', 'main']);
  if (opts.policy !== false) cpSync(path.join(REPO_ROOT, 'policy'), path.join(dir, 'policy'), { recursive: true });
  writeFiles(dir, base);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
  const baseSha = git(dir, ['rev-parse', 'HEAD']).trim();
  writeFiles(dir, head);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'head']);
  const headSha = git(dir, ['rev-parse', 'HEAD']).trim();
  return { dir, baseSha, headSha };
}

export interface RunOptions {
  entry: string;
  repo: TestRepo;
  apiUrl: string;
  event?: 'pull_request' | 'push' | 'schedule' | 'workflow_dispatch';
  /** the event payload; a string is written as is (malformed JSON); null leaves the file missing */
  payload?: unknown;
  inputs?: Record<string, string>;
  token?: string;
  extraEnv?: Record<string, string>;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  sarif?: unknown;
  /** the text of the comment-file output, read before the runner folder is removed */
  commentFile?: string;
  ms: number;
}

export const TOKEN = 'ghs_TESTtoken0123456789abcdefSECRET';

export function prPayload(repo: TestRepo, extra: Record<string, unknown> = {}) {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      base: { sha: repo.baseSha, ref: 'main', repo: { full_name: 'o/r' } },
      head: { sha: repo.headSha, ref: 'feature', repo: { full_name: 'o/r' } },
      ...extra,
    },
    repository: { full_name: 'o/r' },
  };
}

export async function runAction(opts: RunOptions): Promise<RunResult> {
  const runner = mkdtempSync(path.join(tmpdir(), 'policyproof-runner-'));
  const eventPath = path.join(runner, 'event.json');
  const event = opts.event ?? 'pull_request';
  if (opts.payload !== null) {
    const payload = opts.payload ?? (event === 'pull_request' ? prPayload(opts.repo) : { repository: { full_name: 'o/r' } });
    writeFileSync(eventPath, typeof payload === 'string' ? payload : JSON.stringify(payload));
  }
  const outputFile = path.join(runner, 'output');
  const summaryFile = path.join(runner, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputs: Record<string, string> = { policy: '', paths: '', at: '2026-01-15', 'fail-on': '', comment: 'true', 'sarif-file': 'out/policyproof.sarif', 'github-token': opts.token ?? TOKEN, ...opts.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runner,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: opts.repo.dir,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_REPOSITORY_OWNER: 'o',
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: opts.repo.headSha,
    GITHUB_REF: event === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runner,
    ...opts.extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const started = Date.now();
  const child = spawn(process.execPath, [opts.entry], { cwd: opts.repo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const sarifPath = path.join(opts.repo.dir, inputs['sarif-file'] || 'none');
  const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
  const result: RunResult = {
    code,
    stdout,
    stderr,
    outputs,
    commentFile: outputs['comment-file'] && existsSync(outputs['comment-file']) ? readFileSync(outputs['comment-file'], 'utf8') : undefined,
    summary: readFileSync(summaryFile, 'utf8'),
    sarif: inputs['sarif-file'] && existsSync(sarifPath) ? JSON.parse(readFileSync(sarifPath, 'utf8')) : undefined,
    ms: Date.now() - started,
  };
  rmSync(runner, { recursive: true, force: true });
  return result;
}

/** Workflow-command annotations printed on stdout, parsed back. */
export function annotationsOf(stdout: string): Array<{ kind: string; props: Record<string, string>; message: string }> {
  const out: Array<{ kind: string; props: Record<string, string>; message: string }> = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const part of (m[2] ?? '').trim().split(',').filter(Boolean)) {
      const at = part.indexOf('=');
      props[part.slice(0, at)] = unescape(part.slice(at + 1));
    }
    out.push({ kind: m[1]!, props, message: unescape(m[3]!) });
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

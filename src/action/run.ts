import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, Location, Policy, Severity } from '../core/types.js';
import type { CheckOptions, CheckResult } from '../engine/check.js';
import type { CheckFlags } from '../commands/check.js';
import { noticeSection } from '../policy/lifecycle.js';
import { daysBetween } from '../policy/timeline.js';
import { formatOutputs, workflowCommand } from './commands.js';
import { EventError, readEvent, type ActionEvent } from './event.js';
import {
  apiError, defaultOctokitFactory, defaultRetryPolicy, LIST_FILES_LIMIT, listPullFiles, upsertComment, withRetries,
  type OctokitFactory, type RetryPolicy,
} from './github.js';
import { addedLines, parseGitDiff } from './patch.js';
import { previewPolicy, type PolicyPreview } from './preview.js';
import type { ResolvedPolicy } from '../policy-source/index.js';
import { forkNote, outdatedWarning, type OutdatedView } from './shared-policy.js';
import { active, annotations, counts, renderComment, renderSummary, type FindingContext, type PullRequestView, type ReportInput } from './report.js';

export type Env = Record<string, string | undefined>;

/** A policy that came by reference (policy-source). */
type ResolvedSource = ResolvedPolicy | undefined;

/** Everything the Action touches outside itself, so tests can run it in-process or as a process. */
export interface ActionDeps {
  env: Env;
  check: (options: CheckOptions) => Promise<CheckResult>;
  /** the SARIF reporter */
  renderSarif: (result: CheckResult) => string;
  /**
   * The CLI's own option resolution (policyproof.yaml; given inputs win, as flags do), and its
   * baseline filter. Without them the inputs alone make the options.
   */
  resolveOptions?: (flags: CheckFlags, paths: string[], root: string) => Promise<{ options: CheckOptions; config: { failOn?: Severity; baseline?: string }; source?: ResolvedSource }>;
  filterResult?: (result: CheckResult, opts: { baseline?: string }) => Promise<void>;
  /** loads the policy as it was at a git revision (undefined when it did not exist there) */
  loadPolicyAtRef?: (root: string, policyDir: string, ref: string) => Promise<Policy | undefined>;
  /** a shared policy's newer versions (policy-source outdated), for the warning */
  policyOutdated?: (source: NonNullable<ResolvedSource>, root: string) => Promise<OutdatedView>;
  octokitFactory?: OctokitFactory;
  retry?: RetryPolicy;
  /** workflow commands and results (stdout) */
  out?: (line: string) => void;
  /** progress (stderr) */
  log?: (line: string) => void;
}

export interface ActionInputs {
  /** undefined: policyproof.yaml's `policy`, else ./policy */
  policy?: string;
  paths?: string[];
  at?: string;
  /** undefined: policyproof.yaml's `fail-on`, else error */
  failOn?: Severity;
  comment: boolean;
  sarifFile: string;
  token: string;
}

export class InputError extends Error {}

/** GitHub passes `with:` inputs as INPUT_<NAME upper-cased, spaces as _> (hyphens kept). */
export function getInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function readInputs(env: Env): ActionInputs {
  const failOn = getInput(env, 'fail-on') || undefined;
  if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning' && failOn !== 'note') throw new InputError(`input fail-on: "${failOn}" is not one of error, warning, note`);
  const commentText = getInput(env, 'comment') || 'true';
  const comment = ['true', 'True', 'TRUE'].includes(commentText) ? true : ['false', 'False', 'FALSE'].includes(commentText) ? false : undefined;
  if (comment === undefined) throw new InputError(`input comment: "${commentText}" is not true or false`);
  const at = getInput(env, 'at') || undefined;
  if (at !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(at)) throw new InputError(`input at: "${at}" is not a date (YYYY-MM-DD)`);
  const paths = getInput(env, 'paths')
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    policy: getInput(env, 'policy') || undefined,
    paths: paths.length ? paths : undefined,
    at,
    failOn,
    comment,
    sarifFile: getInput(env, 'sarif-file'),
    token: getInput(env, 'github-token'),
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Runs the Action once; resolves to the process exit code (0 pass, 1 findings, 2 unusable input). */
export async function runAction(deps: ActionDeps): Promise<number> {
  const env = deps.env;
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const token = getInput(env, 'github-token');
  // The runner hides masked values in every later log line; the token is never written anywhere else.
  if (token) out(workflowCommand('add-mask', token));
  const safe = (text: string) => (token ? text.split(token).join('***') : text);
  const notice = (kind: 'notice' | 'warning' | 'error', message: string, props: { file?: string; line?: number; col?: number; title?: string } = {}) =>
    out(workflowCommand(kind, safe(message), props));

  let inputs: ActionInputs;
  try {
    inputs = readInputs(env);
  } catch (err) {
    notice('error', `policyproof: ${(err as Error).message}`);
    return 2;
  }
  const root = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const eventName = env.GITHUB_EVENT_NAME ?? '';

  let event: ActionEvent;
  try {
    event = await readEvent(eventName, env.GITHUB_EVENT_PATH);
  } catch (err) {
    if (!(err instanceof EventError)) throw err;
    notice('warning', `policyproof: ${err.message}; checking the repository without pull-request context (no changed lines, no comment).`, { title: 'policyproof' });
    event = { kind: 'other', name: eventName };
  }

  // The base commit, when this is a pull request and git has it (or can fetch it).
  let baseCommit: string | undefined;
  let baseUnavailable: string | undefined;
  if (event.kind === 'pull_request') {
    const found = await ensureCommit(root, event.baseSha, log);
    if (typeof found === 'string') baseCommit = found;
    else baseUnavailable = found.reason;
  }

  // The same options the CLI would use: policyproof.yaml, with the inputs given winning.
  let options: CheckOptions;
  let failOn: Severity = inputs.failOn ?? 'error';
  let baseline: string | undefined;
  try {
    if (deps.resolveOptions) {
      const flags: CheckFlags = {};
      if (inputs.policy !== undefined) flags.policy = inputs.policy;
      if (inputs.at !== undefined) flags.at = inputs.at;
      // A private shared policy repository is read with the Action's token.
      if (inputs.token) flags['github-token'] = inputs.token;
      const resolved = await deps.resolveOptions(flags, inputs.paths ?? [], root);
      options = { ...resolved.options, base: undefined, log };
      failOn = inputs.failOn ?? resolved.config.failOn ?? 'error';
      baseline = resolved.config.baseline;
      if (resolved.source) {
        for (const w of resolved.source.warnings) notice('warning', safe(`policyproof: ${w}`), { title: 'policyproof: shared policy' });
        const report = await deps.policyOutdated?.(resolved.source, root).catch((err: Error) => {
          log(safe(`policyproof: cannot tell whether the shared policy is outdated: ${err.message}`));
          return undefined;
        });
        const warning = report && outdatedWarning(resolved.source, report);
        if (warning) notice('warning', safe(warning), { title: 'policyproof: shared policy outdated' });
      }
    } else {
      options = { root, paths: inputs.paths, policyDir: inputs.policy ?? 'policy', at: inputs.at, log };
    }
  } catch (err) {
    const note = forkNote(err as Error, event);
    if (note) {
      notice('notice', safe(note), { title: 'policyproof' });
      if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `## policyproof\n\n${safe(note)}\n`).catch(() => undefined);
      return 0;
    }
    notice('error', safe(`policyproof: ${(err as Error).message}`), { title: 'policyproof' });
    return 2;
  }

  let basePolicy: Policy | undefined;
  // A shared policy has no history in this repository: its lifecycle is its own repository's business.
  if (baseCommit && deps.loadPolicyAtRef && !options.policyShared) {
    try {
      basePolicy = await deps.loadPolicyAtRef(root, options.policyDir, baseCommit);
    } catch (err) {
      notice('warning', `policyproof: the policy at the PR base cannot be read (${(err as Error).message}); lifecycle rules that compare with the base are skipped.`);
    }
  }

  let result: CheckResult;
  try {
    log(`policyproof: checking ${root}${inputs.paths ? ` (${inputs.paths.join(', ')})` : ''} against ${options.policyDir}`);
    result = await deps.check({ ...options, basePolicy });
    if (baseline && deps.filterResult) await deps.filterResult(result, { baseline });
  } catch (err) {
    const e = err as Error & { location?: Location; reason?: string };
    if (e.location) notice('error', `policyproof: ${e.reason ?? e.message}`, { file: e.location.file, line: e.location.line, col: e.location.column, title: 'policyproof' });
    else notice('error', `policyproof: ${e.message}`, { title: 'policyproof' });
    if (env.POLICYPROOF_DEBUG && e.stack) log(safe(e.stack));
    return 2;
  }
  const findings = result.findings;
  const context = new Map<Finding, FindingContext>();
  for (const f of findings) context.set(f, { changedFile: false, changedLine: false });

  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runUrl = repository && env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const [owner, repo] = repository.split('/');
  const headSha = event.kind === 'pull_request' ? event.headSha ?? env.GITHUB_SHA : env.GITHUB_SHA;
  const blobUrl = repository && headSha ? (file: string, line: number) => `${serverUrl}/${repository}/blob/${headSha}/${encodePath(file)}#L${line}` : undefined;

  let octokit: Awaited<ReturnType<OctokitFactory>> | undefined;
  const client = async () => {
    if (!octokit) {
      const factory = deps.octokitFactory ?? defaultOctokitFactory;
      const apiLog = (m: string) => log(safe(m));
      octokit = withRetries(await factory({ token, baseUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''), userAgent: 'policyproof-action', log: apiLog }), deps.retry ?? defaultRetryPolicy, apiLog);
    }
    return octokit;
  };

  let pr: PullRequestView | undefined;
  let preview: PolicyPreview | undefined;
  if (event.kind === 'pull_request') {
    // Changed files and lines: the API while it can list them all, git beyond its 3,000-file limit.
    let changed: Map<string, Set<number> | undefined> | undefined;
    let changedFrom: PullRequestView['changedFrom'] = 'none';
    const apiCanList = token && owner && repo && (event.changedFiles === undefined || event.changedFiles < LIST_FILES_LIMIT);
    if (apiCanList) {
      try {
        const listed = await listPullFiles(await client(), { owner, repo }, event.number);
        if (!listed.truncated) {
          changed = new Map(listed.files.filter((f) => f.status !== 'removed').map((f) => [f.filename, f.patch === undefined ? undefined : addedLines(f.patch)]));
          changedFrom = 'api';
        } else log(`policyproof: the API lists at most ${LIST_FILES_LIMIT} files; reading the changes from git`);
      } catch (err) {
        const { status, message } = apiError(err);
        log(safe(`policyproof: listing the PR's files failed (${status ?? message}); reading the changes from git`));
      }
    }
    if (!changed && baseCommit) {
      try {
        changed = await gitChanges(root, baseCommit);
        changedFrom = 'git';
      } catch (err) {
        notice('warning', `policyproof: git diff against the base failed (${(err as Error).message}); changed lines are unknown.`);
      }
    }
    for (const f of findings) {
      if (!changed?.has(f.location.file)) continue;
      const lines = changed.get(f.location.file);
      context.set(f, { changedFile: true, changedLine: lines ? lines.has(f.location.line) : false });
    }

    // New versus existing: the same check on the base's tree, compared by line-independent fingerprints.
    let fixed: Finding[] = [];
    let addsPolicy = false;
    if (baseCommit) {
      const base = await checkBase(deps, root, baseCommit, { ...options, at: result.at }, baseline, log);
      if (typeof base === 'string') baseUnavailable = base;
      else if (base === NO_POLICY) {
        addsPolicy = true;
        for (const f of findings) context.get(f)!.introduced = true;
      } else {
        const before = new Set(base.filter((f) => !f.suppressed).map((f) => f.fingerprint));
        const now = new Set(findings.map((f) => f.fingerprint));
        for (const f of findings) context.get(f)!.introduced = !before.has(f.fingerprint);
        fixed = base.filter((f) => !f.suppressed && !now.has(f.fingerprint));
      }
    }
    pr = { number: event.number, baseSha: event.baseSha, changedFiles: changed?.size ?? 0, changedFrom, baseUnavailable, fixed, ...(addsPolicy ? { addsPolicy } : {}) };

    const policyRel = toPosix(path.relative(root, path.resolve(root, options.policyDir)));
    const touchesPolicy = changed ? [...changed.keys()].some((f) => policyRel === '' || f === policyRel || f.startsWith(`${policyRel}/`)) : false;
    if (touchesPolicy) preview = previewPolicy(result.policy, basePolicy ?? result.base);
  }

  const readiness = readinessWarnings(result);
  const input: ReportInput = { result, findings, context, pr, preview, readiness, runUrl, blobUrl };

  // SARIF for github/codeql-action/upload-sarif.
  let sarifPath = '';
  if (inputs.sarifFile) {
    sarifPath = path.resolve(root, inputs.sarifFile);
    try {
      await mkdir(path.dirname(sarifPath), { recursive: true });
      await writeFile(sarifPath, deps.renderSarif(result));
    } catch (err) {
      notice('warning', `policyproof: cannot write the SARIF file ${inputs.sarifFile}: ${(err as Error).message}`);
      sarifPath = '';
    }
  }

  if (env.GITHUB_STEP_SUMMARY) {
    try {
      await appendFile(env.GITHUB_STEP_SUMMARY, renderSummary(input));
    } catch (err) {
      log(`policyproof: cannot write the job summary: ${(err as Error).message}`);
    }
  }

  for (const w of readiness) notice('warning', `policyproof: ${w}`, { title: 'policyproof: pending policy version' });
  const annotated = annotations(input);
  for (const line of annotated.lines) out(safe(line));
  if (annotated.omitted) log(`policyproof: ${annotated.shown} findings annotated, ${annotated.omitted} left out (GitHub's per-step limit); all are in the summary and SARIF.`);

  // The comment body is also written to a file, for workflows that post it from elsewhere
  // (the fork-safe workflow_run pattern in docs/action.md).
  let commentBody: string | undefined;
  let commentFile = '';
  if (pr) {
    commentBody = renderComment(input);
    const file = path.join(env.RUNNER_TEMP || tmpdir(), 'policyproof-comment.md');
    try {
      await writeFile(file, commentBody);
      commentFile = file;
    } catch (err) {
      log(`policyproof: cannot write ${file}: ${(err as Error).message}`);
    }
  }

  if (pr && commentBody !== undefined && inputs.comment) {
    if (!token) notice('notice', 'policyproof: no github-token, so no PR comment; the job summary carries the findings.');
    else if (!owner || !repo) notice('notice', 'policyproof: GITHUB_REPOSITORY is not set, so no PR comment; the job summary carries the findings.');
    else {
      try {
        const done = await upsertComment(await client(), { owner, repo }, pr.number, commentBody);
        log(`policyproof: ${done.action} PR comment ${done.id}`);
      } catch (err) {
        const { status, message } = apiError(err);
        if (status === 403 || status === 401) {
          const why = event.kind === 'pull_request' && event.fromFork ? 'this pull request comes from a fork, so its token is read-only' : 'read-only, as for pull requests from forks';
          notice('notice', `policyproof: the token cannot comment on this pull request (HTTP ${status}: ${why}); the job summary carries the findings.`, { title: 'policyproof' });
        } else {
          notice('warning', safe(`policyproof: the PR comment could not be written (${status ? `HTTP ${status}` : message}); the job summary carries the findings.`), { title: 'policyproof' });
        }
      }
    }
  }

  const c = counts(findings);
  const outputs: Record<string, string> = {
    errors: String(c.error),
    warnings: String(c.warning),
    'sarif-file': sarifPath ? toPosix(path.relative(root, sarifPath)) : '',
    'in-force': result.inForce?.version ?? '',
    pending: result.pending.map((v) => v.version).join(','),
    'comment-file': commentFile,
  };
  if (env.GITHUB_OUTPUT) {
    try {
      await appendFile(env.GITHUB_OUTPUT, formatOutputs(outputs));
    } catch (err) {
      log(`policyproof: cannot write outputs: ${(err as Error).message}`);
    }
  }

  const failing = active(findings).filter((f) => RANK[f.severity] <= RANK[failOn]).length;
  log(`policyproof: ${c.error} errors, ${c.warning} warnings, ${c.note} notes in ${Math.round(result.durationMs)} ms`);
  if (failing > 0) {
    notice('error', `policyproof: ${failing} finding${failing === 1 ? '' : 's'} at or above fail-on ${failOn}`, { title: 'policyproof' });
    return 1;
  }
  return 0;
}

/**
 * A scheduled run's early warning: a pending version takes effect within the notice window of
 * the version in force, and the repository already breaks it (findings judged against it).
 */
export function readinessWarnings(result: CheckResult): string[] {
  const notice = result.inForce ? noticeSection(result.inForce)?.notice : undefined;
  const windowDays = notice ? Math.ceil(notice.seconds / 86400) : 30;
  const out: string[] = [];
  for (const v of result.pending) {
    const days = daysBetween(result.at, v.effective);
    if (days > windowDays) continue;
    const breaking = active(result.findings).filter((f) => f.timing === 'pending' && f.policyVersion === v.version);
    if (breaking.length === 0) continue;
    out.push(
      `version ${v.version} takes effect on ${v.effective} (in ${days} day${days === 1 ? '' : 's'}, within the ${windowDays}-day notice window) and the repository is not ready: ${breaking.length} finding${breaking.length === 1 ? '' : 's'} against it.`,
    );
  }
  return out;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Each segment percent-encoded, including the characters Markdown link syntax would trip on. */
function encodePath(file: string): string {
  return file
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function git(root: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      { cwd: root, maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, encoding: 'utf8' },
      (err, stdout, stderr) => (err ? reject(new Error((stderr || err.message).trim().split('\n')[0])) : resolve(stdout)),
    );
  });
}

/**
 * The full commit id when git has it, else after one shallow fetch of it from origin; otherwise
 * why not (no git checkout, git refusing the folder, a shallow clone without the base).
 */
async function ensureCommit(root: string, sha: string, log: (m: string) => void): Promise<string | { reason: string }> {
  try {
    await git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch (err) {
    return { reason: `git cannot read ${root}: ${(err as Error).message}` };
  }
  const verify = async () => {
    try {
      return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const found = await verify();
  if (found) return found;
  try {
    log(`policyproof: fetching the PR base ${sha.slice(0, 12)} from origin`);
    await git(root, ['fetch', '--no-tags', '--depth=1', 'origin', sha], 120_000);
  } catch (err) {
    log(`policyproof: cannot fetch the PR base: ${(err as Error).message}`);
  }
  return (await verify()) ?? { reason: `commit ${sha.slice(0, 12)} is not in the checkout; use actions/checkout with fetch-depth: 0` };
}

/** Added lines per file between the base and HEAD (HEAD is the PR's merge or head commit). */
async function gitChanges(root: string, base: string): Promise<Map<string, Set<number> | undefined>> {
  const names = await git(root, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', `${base}...HEAD`, '--']);
  const diff = await git(root, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--unified=0', '--diff-filter=d', `${base}...HEAD`, '--']);
  const lines = parseGitDiff(diff);
  const changed = new Map<string, Set<number> | undefined>();
  for (const name of names.split('\0').filter(Boolean)) changed.set(name, lines.get(name) ?? new Set<number>());
  return changed;
}

/**
 * The base's findings, from its tree written into a temporary folder with a private index
 * (`read-tree` + `checkout-index`): the working tree, index and HEAD of the checkout are
 * untouched, and nothing in the tree is run. A string is the reason it could not be done.
 */
/** What checkBase returns when the base has no policy folder: the PR adds the policy. */
const NO_POLICY = Symbol('no policy at the base');

async function checkBase(deps: ActionDeps, root: string, base: string, options: CheckOptions, baseline: string | undefined, log: (m: string) => void): Promise<Finding[] | string | typeof NO_POLICY> {
  const dir = await mkdtemp(path.join(tmpdir(), 'policyproof-base-'));
  try {
    const tree = path.join(dir, 'tree');
    await mkdir(tree);
    const gitEnv = { GIT_INDEX_FILE: path.join(dir, 'index') };
    await gitWithEnv(root, ['read-tree', base], gitEnv);
    await gitWithEnv(root, ['checkout-index', '--all', '--force', `--prefix=${tree}${path.sep}`], gitEnv);
    log(`policyproof: checking the PR base ${base.slice(0, 12)}`);
    // The head's options (its configuration, its date), pointed at the base's tree; a policy
    // folder given as an absolute path inside the checkout moves with it.
    const policyDir = path.isAbsolute(options.policyDir) ? path.join(tree, path.relative(root, options.policyDir)) : options.policyDir;
    if (!existsSync(path.join(path.resolve(tree, policyDir), 'policy.yaml'))) return NO_POLICY;
    const result = await deps.check({ ...options, root: tree, policyDir, base: undefined, basePolicy: undefined, log: () => undefined });
    if (baseline && deps.filterResult) await deps.filterResult(result, { baseline });
    return result.findings;
  } catch (err) {
    return `the check of the base failed: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function gitWithEnv(root: string, args: string[], extra: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 300_000, env: { ...process.env, ...extra, GIT_TERMINAL_PROMPT: '0' }, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error((stderr || err.message).trim().split('\n')[0])) : resolve(stdout),
    );
  });
}

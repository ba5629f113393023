/**
 * The few GitHub REST calls the Action makes, with bounded retries. Nothing here decides whether
 * the check fails: callers turn every API error into a notice.
 */

import type { Octokit } from '@octokit/rest';

export type OctokitLike = Octokit;

export interface OctokitFactoryOptions {
  token: string;
  baseUrl: string;
  userAgent: string;
  log: (message: string) => void;
}

export type OctokitFactory = (options: OctokitFactoryOptions) => Promise<OctokitLike>;

/** The real client, loaded lazily. */
export const defaultOctokitFactory: OctokitFactory = async ({ token, baseUrl, userAgent, log }) => {
  const { Octokit } = await import('@octokit/rest');
  const quiet = () => undefined;
  return new Octokit({
    auth: token || undefined,
    baseUrl,
    userAgent,
    log: { debug: quiet, info: quiet, warn: (m: string) => log(m), error: quiet },
  });
};

export interface RetryPolicy {
  /** retries after the first attempt */
  retries: number;
  /** first back-off for 5xx and network errors; doubles each time */
  baseDelayMs: number;
  /** a wait longer than this (retry-after, rate-limit reset) is not waited for: the call fails */
  maxWaitMs: number;
  /** one attempt is aborted after this long */
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 1000, maxWaitMs: 60_000, timeoutMs: 30_000 };

export interface ApiErrorInfo {
  status?: number;
  headers: Record<string, string | undefined>;
  message: string;
}

export function apiError(err: unknown): ApiErrorInfo {
  const e = err as { status?: unknown; response?: { headers?: Record<string, unknown> }; message?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } };
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(e?.response?.headers ?? {})) headers[k.toLowerCase()] = v === undefined ? undefined : String(v);
  // Octokit reports a request that got no answer (refused, DNS, reset) as status 500 with no
  // response: that is an unreachable API, not a server error.
  if (!e?.response && (e?.status === 500 || e?.status === undefined) && /fetch failed|ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket|network/i.test(`${String(e?.message ?? '')} ${String(e?.cause?.code ?? '')} ${String(e?.cause?.cause?.code ?? '')}`)) {
    const code = e?.cause?.code ?? e?.cause?.cause?.code;
    return { status: undefined, headers, message: `the GitHub API is unreachable${code ? ` (${String(code)})` : ''}` };
  }
  return { status: typeof e?.status === 'number' ? e.status : undefined, headers, message: String(e?.message ?? err) };
}

/**
 * How long to wait before retrying, or undefined to give up: 5xx and network errors back off
 * exponentially (not for POST, which may have been applied); 429 and rate-limited 403 wait for
 * `retry-after` or `x-ratelimit-reset` when that is within `maxWaitMs`.
 */
export function retryDelay(err: unknown, method: string, attempt: number, policy: RetryPolicy, now = Date.now()): number | undefined {
  if (attempt > policy.retries) return undefined;
  const { status, headers, message } = apiError(err);
  const rateLimited =
    status === 429 ||
    (status === 403 && (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)));
  if (rateLimited) {
    let wait: number;
    const retryAfter = Number(headers['retry-after']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) wait = retryAfter * 1000;
    else if (headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) wait = Math.max(0, reset * 1000 - now) + 1000;
    else wait = 60_000; // secondary rate limit without a hint: GitHub asks for at least a minute
    return wait <= policy.maxWaitMs ? wait : undefined;
  }
  const transient = status === undefined || status >= 500;
  if (transient && method.toUpperCase() !== 'POST') return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxWaitMs);
  return undefined;
}

export function withRetries(octokit: OctokitLike, policy: RetryPolicy, log: (m: string) => void): OctokitLike {
  octokit.hook.wrap('request', async (request, options) => {
    const method = String(options.method ?? 'GET');
    for (let attempt = 1; ; attempt++) {
      try {
        // Mutated in place: hooks registered before this one (request-log) were bound to this
        // very options object, so a copy would not reach the fetch.
        options.request = { ...((options.request ?? {}) as Record<string, unknown>), signal: AbortSignal.timeout(policy.timeoutMs) };
        return await request(options);
      } catch (err) {
        const wait = retryDelay(err, method, attempt, policy);
        if (wait === undefined) throw err;
        const { status } = apiError(err);
        log(`GitHub API ${method} ${routeOf(String(options.url ?? ''))} answered ${status ?? 'with a network error'}; retrying in ${Math.round(wait / 100) / 10} s (${attempt}/${policy.retries})`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  });
  return octokit;
}

/** Never log a query string (it could carry anything); the path is enough. */
function routeOf(url: string): string {
  return url.split('?')[0];
}

export interface ChangedFile {
  filename: string;
  status: string;
  /** added lines of the new file, from the hunk `patch` (absent for binary or very large diffs) */
  patch?: string;
}

/** GitHub's pulls.listFiles returns at most this many files. */
export const LIST_FILES_LIMIT = 3000;

export interface Repo {
  owner: string;
  repo: string;
}

export async function listPullFiles(octokit: OctokitLike, repo: Repo, pullNumber: number): Promise<{ files: ChangedFile[]; truncated: boolean }> {
  const files: ChangedFile[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
  for await (const page of pages) {
    for (const f of Array.isArray(page.data) ? page.data : []) {
      if (typeof f?.filename !== 'string') continue;
      files.push({ filename: f.filename, status: typeof f.status === 'string' ? f.status : 'modified', patch: typeof f.patch === 'string' ? f.patch : undefined });
    }
    if (files.length >= LIST_FILES_LIMIT) break;
  }
  return { files, truncated: files.length >= LIST_FILES_LIMIT };
}

export const COMMENT_MARKER = '<!-- policyproof -->';

export interface CommentResult {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

/** Bot comments that start with the marker, oldest first. */
async function markedComments(octokit: OctokitLike, repo: Repo, issueNumber: number): Promise<number[]> {
  const ids: number[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    for (const c of Array.isArray(page.data) ? page.data : []) {
      if (typeof c?.id === 'number' && typeof c.body === 'string' && c.body.startsWith(COMMENT_MARKER) && c.user?.type === 'Bot') ids.push(c.id);
    }
  }
  return ids.sort((a, b) => a - b);
}

/**
 * Keeps one comment: the oldest bot comment that starts with the marker is updated in place;
 * otherwise one is created. Comments by people are never touched, even with the marker in them.
 * Two runs racing (two quick pushes) could both create one: after creating, the newer duplicates
 * are deleted and the oldest carries the body.
 */
export async function upsertComment(octokit: OctokitLike, repo: Repo, issueNumber: number, body: string): Promise<CommentResult> {
  const existing = (await markedComments(octokit, repo, issueNumber))[0];
  if (existing !== undefined) {
    const res = await octokit.rest.issues.updateComment({ ...repo, comment_id: existing, body });
    return { action: 'updated', id: existing, url: htmlUrl(res.data) };
  }
  const res = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  const created = (res.data as { id?: unknown }).id;
  const id = typeof created === 'number' ? created : 0;
  const all = await markedComments(octokit, repo, issueNumber);
  if (all.length > 1) {
    const keep = all[0]!;
    for (const duplicate of all.slice(1)) await octokit.rest.issues.deleteComment({ ...repo, comment_id: duplicate });
    if (keep !== id) {
      const kept = await octokit.rest.issues.updateComment({ ...repo, comment_id: keep, body });
      return { action: 'updated', id: keep, url: htmlUrl(kept.data) };
    }
  }
  return { action: 'created', id, url: htmlUrl(res.data) };
}

function htmlUrl(data: unknown): string | undefined {
  const url = (data as { html_url?: unknown } | undefined)?.html_url;
  return typeof url === 'string' ? url : undefined;
}

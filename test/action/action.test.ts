/**
 * The Action as a real child process against a fake GitHub API (checked against GitHub's OpenAPI
 * description) on 127.0.0.1, in temporary git repositories with a base and a head commit. The
 * repository scan is stubbed (findings from each tree's .fake-findings.json, see
 * test/action/support/stub-entry.ts); everything else is the shipped code.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { annotationsOf, bundleStubAction, makeRepo, prPayload, REPO_ROOT, runAction, TOKEN, type TestRepo } from './support/harness.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { COMMENT_MARKER } from '../../src/action/github.js';

let entry: string;
let gh: FakeGitHub;
const repos: TestRepo[] = [];

beforeAll(async () => {
  entry = await bundleStubAction();
});
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  expect(gh.violations).toEqual([]);
  await gh.close();
  for (const r of repos.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});
afterAll(() => {
  rmSync(entry.replace(/\/index\.mjs$/, ''), { recursive: true, force: true });
});

const finding = (over: Record<string, unknown>) => ({ ruleId: 'retention-exceeds-max', severity: 'error', message: 'keeps traffic data 90 days; the policy promises 60', file: 'db/001.sql', line: 3, ...over });
const fakes = (list: unknown[]) => JSON.stringify(list);

function repo(base: Record<string, string | null>, head: Record<string, string | null>) {
  const r = makeRepo(base, head);
  repos.push(r);
  return r;
}

/** A PR that adds one finding (on a changed line) on top of one the base already had. */
function typicalPr() {
  const old = finding({ ruleId: 'retention-missing', severity: 'warning', message: 'no retention for debug logs', file: 'db/000.sql', line: 1, key: 'debug' });
  const added = finding({ file: 'db/001.sql', line: 2, key: 'traffic' });
  const r = repo(
    { 'db/000.sql': 'create table debug_log (id int);\n', '.fake-findings.json': fakes([old]) },
    { 'db/001.sql': '-- traffic\ncreate table traffic (ip inet);\n', '.fake-findings.json': fakes([old, added]) },
  );
  gh.files.set(7, [{ filename: 'db/001.sql', status: 'added', patch: '@@ -0,0 +1,2 @@\n+-- traffic\n+create table traffic (ip inet);' }, { filename: '.fake-findings.json', status: 'modified' }]);
  return r;
}

describe('pull_request', () => {
  it('creates one comment on the first run and updates it in place on the second', async () => {
    const r = typicalPr();
    const first = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(first.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
    expect(first.code).toBe(1); // an error finding and fail-on error
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]!.body;
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toMatch(/1 finding introduced by this PR/);
    expect(body).toMatch(/1 finding already on the base/);
    expect(body).toContain('<code>db/001.sql:2</code>');
    expect(gh.requests.filter((q) => q.operationId === 'issues/create-comment')).toHaveLength(1);

    const second = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(second.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
    expect(gh.requests.filter((q) => q.operationId === 'issues/create-comment')).toHaveLength(1);
    expect(gh.requests.filter((q) => q.operationId === 'issues/update-comment')).toHaveLength(1);
    expect(gh.comments[0]!.body).toBe(body);
  });

  it('two runs racing: the duplicate comment is deleted and the older one carries the body', async () => {
    const r = typicalPr();
    // another run creates its comment between this run's listing and its own creation
    gh.beforeCreate = () => {
      gh.comments.push({ id: 500, issue: 7, body: `${COMMENT_MARKER}\nfrom the other run`, login: 'github-actions[bot]', type: 'Bot' });
      gh.beforeCreate = undefined;
    };
    await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(gh.comments.map((c) => c.id)).toEqual([500]);
    expect(gh.comments[0]!.body).toMatch(/1 finding introduced by this PR/);
    expect(gh.requests.filter((q) => q.operationId === 'issues/delete-comment')).toHaveLength(1);
  });

  it('writes outputs, the job summary, SARIF and annotations for changed lines first', async () => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(res.outputs).toEqual({ errors: '1', warnings: '1', 'sarif-file': 'out/policyproof.sarif', 'in-force': '2018-05-20', pending: '', 'comment-file': expect.stringMatching(/policyproof-comment\.md$/) });
    expect(res.commentFile).toBe(gh.comments[0]!.body);
    expect(res.summary).toMatch(/## policyproof/);
    expect(res.summary).toMatch(/\*\*1 error, 1 warning, 0 notes\*\*/);
    expect(res.summary).toMatch(/version \*\*2018-05-20\*\* in force on 2026-01-15/);
    expect(res.summary).toMatch(/1 finding introduced by this PR, 1 already on the base/);
    const sarif = res.sarif as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((x) => x.ruleId).sort()).toEqual(['retention-exceeds-max', 'retention-missing']);
    const notes = annotationsOf(res.stdout).filter((a) => a.props.file);
    expect(notes[0]).toMatchObject({ kind: 'error', props: { file: 'db/001.sql', line: '2' } });
    expect(notes[1]).toMatchObject({ kind: 'warning', props: { file: 'db/000.sql', line: '1' } });
  });

  it('annotates at most 10 errors and 10 warnings, changed lines first, and says how many were left out', async () => {
    const errors = Array.from({ length: 14 }, (_, i) => finding({ file: `db/e${String(i).padStart(2, '0')}.sql`, line: 1, key: `e${i}` }));
    const warnings = Array.from({ length: 12 }, (_, i) => finding({ severity: 'warning', file: `db/w${String(i).padStart(2, '0')}.sql`, line: 1, key: `w${i}` }));
    // the last three errors (alphabetically) sit on lines the PR changed
    const changed = ['db/e11.sql', 'db/e12.sql', 'db/e13.sql'];
    const head: Record<string, string> = { '.fake-findings.json': fakes([...errors, ...warnings]) };
    for (const f of changed) head[f] = 'x\n';
    const r = repo({ '.fake-findings.json': fakes([]) }, head);
    gh.files.set(7, changed.map((f) => ({ filename: f, status: 'added', patch: '@@ -0,0 +1 @@\n+x' })));
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    const all = annotationsOf(res.stdout);
    const onFiles = all.filter((a) => a.props.file);
    expect(onFiles.filter((a) => a.kind === 'error')).toHaveLength(10);
    expect(onFiles.filter((a) => a.kind === 'warning')).toHaveLength(10);
    expect(onFiles.slice(0, 3).map((a) => a.props.file)).toEqual(changed);
    expect(all.some((a) => a.kind === 'notice' && a.message === 'policyproof: 6 more findings not annotated (GitHub shows 10 per kind and step); all are in the job summary and the SARIF file.')).toBe(true);
    expect(res.summary.split('\n').filter((l) => /^\| (error|warning) \|/.test(l))).toHaveLength(26);
  });

  it('never prints the token except in the add-mask command', async () => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    const lines = res.stdout.split('\n').filter((l) => l.includes(TOKEN));
    expect(lines).toEqual([`::add-mask::${TOKEN}`]);
    expect(res.stderr).not.toContain(TOKEN);
    expect(res.summary).not.toContain(TOKEN);
    expect(JSON.stringify(res.outputs)).not.toContain(TOKEN);
    expect(gh.comments[0]!.body).not.toContain(TOKEN);
    expect(gh.requests.every((q) => q.authorization === `token ${TOKEN}`)).toBe(true);
  });
});

/** policy/versions/<effective>.yaml: the 2018 version with new dates, a summary, and a text change. */
function newVersion(published: string, effective: string, days = 60): string {
  const text = readFileSync(path.join(REPO_ROOT, 'policy/versions/2018-05-20.yaml'), 'utf8');
  return text
    .replace('version: 2018-05-20\npublished: 2018-05-10\neffective: 2018-05-20', `version: ${effective}\npublished: ${published}\neffective: ${effective}\nsummary:\n  sv: Ändrad lagringstid.\n  en: Changed retention.`)
    .replace('trafikuppgifter i 60 dagar', `trafikuppgifter i ${days} dagar`)
    .replace('traffic data for 60 days', `traffic data for ${days} days`)
    .replace('retention: {min: P60D, max: P60D,', `retention: {min: P${days}D, max: P${days}D,`);
}

describe('permissions and forks', () => {
  it('with a read-only token (a fork PR) posts nothing, says why, and passes on warnings', async () => {
    const w = finding({ severity: 'warning', file: 'db/001.sql', line: 2, key: 'w' });
    const r = repo({ '.fake-findings.json': fakes([]) }, { 'db/001.sql': 'a\nb\n', '.fake-findings.json': fakes([w]) });
    gh.files.set(7, [{ filename: 'db/001.sql', status: 'added', patch: '@@ -0,0 +1,2 @@\n+a\n+b' }]);
    gh.readOnlyTokens.add(TOKEN);
    const payload = prPayload(r);
    (payload.pull_request.head as { repo: { full_name: string } }).repo.full_name = 'someone/r';
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, payload });
    expect(res.code).toBe(0);
    expect(gh.comments).toHaveLength(0);
    expect(gh.requests.filter((q) => q.method !== 'GET').map((q) => q.status)).toEqual([403]);
    const notices = annotationsOf(res.stdout).filter((a) => a.kind === 'notice');
    expect(notices.some((a) => /cannot comment on this pull request \(HTTP 403: this pull request comes from a fork, so its token is read-only\)/.test(a.message))).toBe(true);
    expect(res.summary).toMatch(/1 finding introduced by this PR/);
    expect(res.summary).toContain('keeps traffic data 90 days');
    // the body is still written for a workflow_run job to post
    expect(res.commentFile).toMatch(/^<!-- policyproof -->\n[\s\S]*1 finding introduced by this PR/);
    expect(res.outputs.warnings).toBe('1');
  });

  it('a read-only token does not hide a failure: the exit follows fail-on', async () => {
    const r = typicalPr();
    gh.readOnlyTokens.add(TOKEN);
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, inputs: { 'fail-on': 'error' } });
    expect(res.code).toBe(1);
    expect(gh.comments).toHaveLength(0);
    expect(res.outputs).toMatchObject({ errors: '1', warnings: '1' });
  });

  it('retries 5xx and rate limits (retry-after), and never fails the check on 404/422', async () => {
    const r = typicalPr();
    gh.failures.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 502, times: 2 });
    gh.failures.push({ method: 'POST', path: /\/issues\/7\/comments$/, status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, inputs: { 'fail-on': 'note' } });
    expect(gh.comments).toHaveLength(1);
    const listCalls = gh.requests.filter((q) => q.operationId === 'issues/list-comments').map((q) => q.status);
    expect(listCalls).toEqual([502, 502, 200, 200]); // the listing (retried), then the duplicate check after creating
    expect(gh.requests.filter((q) => q.operationId === 'issues/create-comment').map((q) => q.status)).toEqual([429, 201]);
    expect(res.stderr).toMatch(/answered 429; retrying in 1 s/);
    expect(res.code).toBe(1); // findings at or above note, not the API

    const gh404 = gh.failures;
    gh404.push({ method: 'GET', path: /\/pulls\/7\/files$/, status: 404, times: 1 });
    gh404.push({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 422, times: 1 });
    const passing = await runAction({ entry, repo: r, apiUrl: gh.url, inputs: { 'fail-on': 'error' }, payload: prPayload(r) });
    // 404 on the file list: the changed lines come from git instead
    expect(passing.summary).toMatch(/2 changed files \(from git diff\)/);
    expect(annotationsOf(passing.stdout).some((a) => a.kind === 'warning' && /PR comment could not be written \(HTTP 422\)/.test(a.message))).toBe(true);
    expect(passing.code).toBe(1); // still the error finding, nothing more
  });
});

describe('a hanging API', () => {
  it('times out each attempt, retries, then gives up on the comment without failing the check', async () => {
    const r = typicalPr();
    gh.failures.push({ method: 'GET', path: /\/issues\/7\/comments$/, status: 0, times: 4 });
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, extraEnv: { TEST_API_TIMEOUT_MS: '300' } });
    expect(gh.requests.filter((q) => q.operationId === 'issues/list-comments')).toHaveLength(4);
    expect(gh.comments).toHaveLength(0);
    expect(annotationsOf(res.stdout).some((a) => a.kind === 'warning' && /PR comment could not be written/.test(a.message))).toBe(true);
    expect(res.code).toBe(1); // the error finding, not the API
    expect(res.ms).toBeLessThan(30_000);
  });
});

describe('changed files', () => {
  it('pages through 345 files with Link headers and annotates a finding on a changed line of the 340th', async () => {
    const names = Array.from({ length: 345 }, (_, i) => `src/f${String(i).padStart(3, '0')}.sql`);
    const target = names[339]!;
    const f = finding({ file: target, line: 2, key: 'x' });
    const head: Record<string, string> = { '.fake-findings.json': fakes([f]) };
    for (const n of names) head[n] = 'a\nb\n';
    const r = repo({ '.fake-findings.json': fakes([]) }, head);
    gh.files.set(7, names.map((n) => ({ filename: n, status: 'added', patch: '@@ -0,0 +1,2 @@\n+a\n+b' })));
    // 150 comments by people (one of them quoting the marker) before the Action's own
    for (let i = 0; i < 150; i++) gh.comments.push({ id: i + 1, issue: 7, body: i === 3 ? `${COMMENT_MARKER} copied by a person` : `comment ${i}`, login: 'someone', type: 'User' });
    gh.comments.push({ id: 999, issue: 7, body: `${COMMENT_MARKER}\nold`, login: 'github-actions[bot]', type: 'Bot' });
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    const pages = gh.requests.filter((q) => q.operationId === 'pulls/list-files').map((q) => q.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3', '4']);
    expect(res.summary).toMatch(/345 changed files \(from the GitHub API\); 1 finding on changed lines/);
    expect(annotationsOf(res.stdout)[0]).toMatchObject({ kind: 'error', props: { file: target, line: '2' } });
    expect(gh.requests.filter((q) => q.operationId === 'issues/list-comments').map((q) => q.query.page ?? '1')).toEqual(['1', '2']);
    expect(gh.comments).toHaveLength(151);
    expect(gh.comments.find((c) => c.id === 999)!.body).toMatch(/1 finding introduced by this PR/);
    expect(gh.comments[3]!.body).toBe(`${COMMENT_MARKER} copied by a person`);
  });

  it('5,000 changed files: beyond the API limit the changes come from git diff', async () => {
    const names = Array.from({ length: 5000 }, (_, i) => `gen/${String(i).padStart(4, '0')}.sql`);
    const head: Record<string, string> = { '.fake-findings.json': fakes([finding({ file: names[4999], line: 1, key: 'last' })]) };
    for (const n of names) head[n] = 'x\n';
    const r = repo({ '.fake-findings.json': fakes([]) }, head);
    gh.files.set(7, names.map((n) => ({ filename: n, status: 'added', patch: '@@ -0,0 +1 @@\n+x' })));
    // The payload says how many: the Action goes straight to git.
    const direct = await runAction({ entry, repo: r, apiUrl: gh.url, payload: prPayload(r, { changed_files: 5000 }) });
    expect(gh.requests.filter((q) => q.operationId === 'pulls/list-files')).toHaveLength(0);
    // 5,000 generated files and the findings file
    expect(direct.summary).toMatch(/5001 changed files \(from git diff\); 1 finding on changed lines/);
    // Without the count, the API's 3,000-file cap is noticed and git takes over.
    const capped = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(gh.requests.filter((q) => q.operationId === 'pulls/list-files')).toHaveLength(30);
    expect(capped.summary).toMatch(/5001 changed files \(from git diff\); 1 finding on changed lines/);
    expect(gh.comments).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('a base commit missing from a shallow clone: every finding listed, with the reason', async () => {
    const r = typicalPr();
    const payload = prPayload(r);
    payload.pull_request.base.sha = 'f'.repeat(40);
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, payload });
    expect(res.summary).toContain('The base could not be checked (commit ffffffffffff is not in the checkout; use actions/checkout with fetch-depth: 0)');
    expect(res.summary).toMatch(/2 changed files \(from the GitHub API\); 1 finding on changed lines/);
    expect(gh.comments[0]!.body).toMatch(/every finding is listed/);
    expect(res.stderr).toMatch(/cannot fetch the PR base/);
    expect(res.code).toBe(1);
  });

  it.each([
    ['missing', null, /cannot read the event file .*ENOENT/],
    ['malformed', '{"pull_request": {"number": 7,', /is not valid JSON/],
    ['without a base', JSON.stringify({ pull_request: { number: 7 } }), /has no valid pull_request\.base\.sha/],
  ])('an event file that is %s: a warning, a check without PR context, no API calls', async (_name, payload, message) => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, payload });
    const warn = annotationsOf(res.stdout).find((a) => a.kind === 'warning');
    expect(warn?.message).toMatch(message);
    expect(warn?.message).toMatch(/checking the repository without pull-request context/);
    expect(gh.requests).toHaveLength(0);
    expect(res.code).toBe(1);
    expect(res.outputs.errors).toBe('1');
    expect(res.summary).toMatch(/\*\*1 error, 1 warning/);
  });

  it('a comment body over 65,536 characters is cut with a link to the run summary', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => finding({ file: `db/${i}.sql`, line: 1, key: `k${i}`, message: `finding ${i}: ${'lorem ipsum '.repeat(40)}` }));
    const r = repo({ '.fake-findings.json': fakes([]) }, { '.fake-findings.json': fakes(many) });
    gh.files.set(7, [{ filename: '.fake-findings.json', status: 'modified' }]);
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.length).toBeGreaterThan(50_000);
    expect(body).toContain('[job summary of this run](https://github.com/o/r/actions/runs/4242)');
    expect(body.trimEnd().endsWith(').**') || /job summary of this run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/4242\)\.$/.test(body.trimEnd())).toBe(true);
    // The summary keeps every finding.
    expect(res.summary).toContain('finding 1499:');
  });

  it('file names with Markdown or HTML in them are escaped in the comment and the summary', async () => {
    const names = ['<img src=x onerror=alert(1)>.sql', '[click](javascript:alert(1)).sql', 'a|b*c*_d_`e`@org.sql'];
    const list = names.map((n, i) => finding({ file: `db/${n}`, line: 1, key: `n${i}`, message: `table <script>alert(${i})</script> keeps **it**` }));
    const head: Record<string, string> = { '.fake-findings.json': fakes(list) };
    for (const n of names) head[`db/${n}`] = 'x\n';
    const r = repo({ '.fake-findings.json': fakes([]) }, head);
    gh.files.set(7, names.map((n) => ({ filename: `db/${n}`, status: 'added', patch: '@@ -0,0 +1 @@\n+x' })));
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    for (const text of [gh.comments[0]!.body, res.summary]) {
      expect(text).not.toMatch(/<img|<script|(?<!\\)\]\(javascript/);
      expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;.sql');
      expect(text).toContain('\\[click\\](javascript:alert(1)).sql');
      expect(text).toContain('a\\|b\\*c\\*\\_d\\_\\`e\\`@\u200Borg.sql');
      expect(text).toContain('&lt;script&gt;alert(0)&lt;/script&gt; keeps \\*\\*it\\*\\*');
      // every table row still has exactly its 5 cells (6 unescaped pipes)
      for (const row of text.split('\n').filter((l) => l.startsWith('| error'))) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    }
    // links to the files are percent-encoded, so brackets cannot end the link early
    expect(gh.comments[0]!.body).toContain('/db/%5Bclick%5D%28javascript%3Aalert%281%29%29.sql#L1');
    // annotations carry the raw name, escaped for the workflow command
    expect(annotationsOf(res.stdout).map((a) => a.props.file).filter(Boolean).sort()).toEqual(names.map((n) => `db/${n}`).sort());
  });
});

describe('the policy preview', () => {
  it('a PR adding a version shows the sv/en diff, the notice check, the earliest lawful date and unconfirmed translations', async () => {
    // traffic-data changes in both languages (unconfirmed); a heading changes in Swedish only (stale)
    const version = newVersion('2026-01-10', '2026-01-20', 90).replace('sv: Kunduppgifter', 'sv: Kunddata');
    const r = repo({ '.fake-findings.json': fakes([]) }, { 'policy/versions/2026-01-20.yaml': version });
    gh.files.set(7, [{ filename: 'policy/versions/2026-01-20.yaml', status: 'added', patch: '@@ -0,0 +1 @@\n+x' }]);
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, inputs: { at: '2026-01-12' } });
    const body = gh.comments[0]!.body;
    expect(body).toMatch(/### Policy change preview/);
    expect(body).toMatch(/#### Version 2026-01-20 — added \(compared with version 2018-05-20\)/);
    expect(body).toMatch(/Published 2026-01-10, effective 2026-01-20 \(pending: in 8 days\)/);
    expect(body).toMatch(/❌ Notice too short: 10 days between publication and effect; version 2018-05-20, in force when it was published, promises 30 days \(P30D\)/);
    expect(body).toMatch(/Earliest lawful effective date: \*\*2026-02-09\*\*/);
    expect(body).toContain('Section <code>traffic-data</code> — changed');
    expect(body).toMatch(/\*\*sv:\*\* .*<del>60<\/del><ins>90<\/ins> dagar/);
    expect(body).toMatch(/\*\*en:\*\* .*<del>60<\/del><ins>90<\/ins> days/);
    expect(body).toContain('- rule <code>category.retention.max</code>: P60D → P90D');
    expect(body).toMatch(/#### Translations not confirmed/);
    expect(body).toContain('| 2026-01-20 | <code>sections.customer-data.heading</code> | stale |');
    expect(body).toContain('| 2026-01-20 | <code>sections.traffic-data.text</code> | unconfirmed |');
    expect(body).toMatch(/\| 2026-01-20 \| <code>summary<\/code> \| unconfirmed \|/);
    expect(res.outputs.pending).toBe('2026-01-20');
    expect(res.summary).toMatch(/Pending: version \*\*2026-01-20\*\*, published 2026-01-10, takes effect 2026-01-20 \(in 8 days\)/);
  });

  it('a PR that does not touch policy/ has no preview', async () => {
    const r = typicalPr();
    await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(gh.comments[0]!.body).not.toMatch(/Policy change preview/);
  });
});

describe('no git checkout', () => {
  it('a workspace that is not a git repository: the check still runs, the reason is given', async () => {
    const r = typicalPr();
    rmSync(path.join(r.dir, '.git'), { recursive: true, force: true });
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(res.summary).toMatch(/The base could not be checked \(git cannot read .*not a git repository/);
    expect(res.summary).toMatch(/2 changed files \(from the GitHub API\)/);
    expect(gh.comments).toHaveLength(1);
    expect(res.code).toBe(1);
  });
});

describe('push, schedule, workflow_dispatch', () => {
  it.each(['push', 'schedule', 'workflow_dispatch'] as const)('%s: the check without any API call', async (event) => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, event });
    expect(gh.requests).toHaveLength(0);
    expect(res.code).toBe(1);
    expect(res.summary).not.toMatch(/Pull request/);
    expect(res.outputs).toMatchObject({ errors: '1', warnings: '1' });
  });

  it('schedule: warns when a pending version takes effect within the notice window and the code is not ready', async () => {
    const pending = finding({ severity: 'warning', timing: 'pending', policyVersion: '2026-02-01', message: 'From 2026-02-01: keeps 60 days, the policy will allow 30', key: 'p' });
    const r = repo({ 'policy/versions/2026-02-01.yaml': newVersion('2025-12-01', '2026-02-01', 30), '.fake-findings.json': fakes([pending]) }, {});
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, event: 'schedule', inputs: { at: '2026-01-15' } });
    const warn = annotationsOf(res.stdout).find((a) => a.props.title === 'policyproof: pending policy version');
    expect(warn?.message).toBe('policyproof: version 2026-02-01 takes effect on 2026-02-01 (in 17 days, within the 30-day notice window) and the repository is not ready: 1 finding against it.');
    expect(res.summary).toContain('> [!WARNING]');
    expect(res.code).toBe(0);
    // Outside the window: no warning.
    const early = await runAction({ entry, repo: r, apiUrl: gh.url, event: 'schedule', inputs: { at: '2025-12-15' } });
    expect(annotationsOf(early.stdout).some((a) => a.props.title === 'policyproof: pending policy version')).toBe(false);
  });
});

describe('inputs', () => {
  it.each([
    [{ 'fail-on': 'sometimes' }, /input fail-on: "sometimes" is not one of error, warning, note/],
    [{ comment: 'yes' }, /input comment: "yes" is not true or false/],
    [{ at: 'tomorrow' }, /input at: "tomorrow" is not a date/],
  ])('%o is refused with exit 2 and one message', async (inputs, message) => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, inputs });
    expect(res.code).toBe(2);
    expect(annotationsOf(res.stdout).map((a) => a.message)).toEqual([expect.stringMatching(message)]);
    expect(gh.requests).toHaveLength(0);
  });

  it('a broken policy is exit 2 with the file:line of the problem', async () => {
    const r = repo({}, { 'policy/policy.yaml': 'id: [unclosed\n' });
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(res.code).toBe(2);
    const err = annotationsOf(res.stdout).find((a) => a.kind === 'error');
    expect(err?.props.file).toBe('policy/policy.yaml');
    expect(Number(err?.props.line)).toBeGreaterThan(0);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads policyproof.yaml like the CLI (policy folder, fail-on), and a given input wins', async () => {
    const w = finding({ severity: 'warning', file: 'db/001.sql', line: 1, key: 'w' });
    const head: Record<string, string | null> = { 'policyproof.yaml': 'policy: legal/policy\nfail-on: warning\n', '.fake-findings.json': fakes([w]) };
    // the policy moves to legal/policy
    for (const f of ['policy.yaml', 'translations.lock', 'versions/2018-05-20.yaml']) {
      head[`legal/policy/${f}`] = readFileSync(path.join(REPO_ROOT, 'policy', f), 'utf8');
      head[`policy/${f}`] = null;
    }
    const r = repo({}, head);
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, event: 'push' });
    expect(res.stdout).not.toMatch(/::error file=/);
    expect(res.outputs['in-force']).toBe('2018-05-20');
    expect(res.code).toBe(1); // fail-on warning from the file
    const relaxed = await runAction({ entry, repo: r, apiUrl: gh.url, event: 'push', inputs: { 'fail-on': 'error' } });
    expect(relaxed.code).toBe(0);
  });

  it('a policyproof.yaml with an unknown key is exit 2 with its message', async () => {
    const r = repo({}, { 'policyproof.yaml': 'polcy: legal\n' });
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, event: 'push' });
    expect(res.code).toBe(2);
    expect(annotationsOf(res.stdout).find((a) => a.kind === 'error')?.message).toMatch(/policyproof\.yaml.*polcy/);
  });

  it('comment: false keeps the PR quiet but still annotates and summarises', async () => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url, inputs: { comment: 'false' } });
    expect(gh.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
    expect(res.summary).toMatch(/1 finding introduced by this PR/);
  });
});

// ───────────── adopting: the first PR adds the policy; an unreachable API ─────────────

const adoptionFinding = { ruleId: 'retention-exceeds-max', severity: 'error', message: 'keeps traffic data 90 days; the policy promises 60', file: 'db/001.sql', line: 2, key: 'traffic' };

/** The project's policy/ as files of the head commit: the base commit has none of them. */
function policyFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${rel}/${e.name}`);
      else out[`${rel}/${e.name}`] = readFileSync(path.join(REPO_ROOT, rel, e.name), 'utf8');
    }
  };
  walk('policy');
  return out;
}

describe('the first pull request adds the policy', () => {
  it('says every finding is new, not that the base could not be checked', async () => {
    const r = makeRepo({ 'db/001.sql': 'create table traffic (ip inet);\n' }, { ...policyFiles(), '.fake-findings.json': JSON.stringify([adoptionFinding]) }, { policy: false });
    repos.push(r);
    gh.files.set(7, [{ filename: 'policy/policy.yaml', status: 'added', patch: '@@ -0,0 +1 @@\n+id: x' }]);
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(res.code).toBe(1);
    const comment = gh.comments[0]!.body;
    expect(comment).toMatch(/This PR adds the policy \(the base <code>[0-9a-f]{7}<\/code> has none\): every finding is new\./);
    expect(comment).not.toMatch(/could not be checked|check of the base failed/);
    expect(comment).toMatch(/keeps traffic data 90 days/);
    expect(res.summary).toMatch(/every finding is new/);
  });
});

describe('an unreachable GitHub API', () => {
  it('is named as unreachable, not as an HTTP 500, and the check still reports', async () => {
    const r = makeRepo({}, { '.fake-findings.json': JSON.stringify([adoptionFinding]) });
    repos.push(r);
    // a port nothing listens on: the connection is refused
    const closed = await startFakeGitHub();
    const url = closed.url;
    await closed.close();
    const res = await runAction({ entry, repo: r, apiUrl: url, extraEnv: { POLICYPROOF_RETRIES: '0' } });
    expect(res.code).toBe(1);
    const log = res.stdout + res.stderr;
    expect(log).toMatch(/GitHub API is unreachable/);
    expect(log).not.toMatch(/HTTP 500|answered 500/);
  }, 120_000);
});

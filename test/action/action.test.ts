/**
 * The Action as a real child process against a fake GitHub API (checked against GitHub's OpenAPI
 * description) on 127.0.0.1, in temporary git repositories with a base and a head commit. The
 * repository scan is stubbed (findings from each tree's .fake-findings.json, see
 * test/support/action-stub-entry.ts); everything else is the shipped code.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { annotationsOf, bundleStubAction, makeRepo, prPayload, runAction, TOKEN, type TestRepo } from '../support/action-harness.js';
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

  it('writes outputs, the job summary, SARIF and annotations for changed lines first', async () => {
    const r = typicalPr();
    const res = await runAction({ entry, repo: r, apiUrl: gh.url });
    expect(res.outputs).toEqual({ errors: '1', warnings: '1', 'sarif-file': 'out/policyproof.sarif', 'in-force': '2018-05-20', pending: '' });
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

/**
 * Adopting policyproof: the first pull request adds the policy (the base has none), and a GitHub
 * API that cannot be reached is named as such. The Action runs as a child process (stubbed scan,
 * see support/stub-entry.ts) against the fake GitHub API on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundleStubAction, makeRepo, REPO_ROOT, runAction, type TestRepo } from './support/harness.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

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
afterAll(() => rmSync(entry.replace(/\/index\.mjs$/, ''), { recursive: true, force: true }));

const finding = { ruleId: 'retention-exceeds-max', severity: 'error', message: 'keeps traffic data 90 days; the policy promises 60', file: 'db/001.sql', line: 2, key: 'traffic' };

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
    const r = makeRepo({ 'db/001.sql': 'create table traffic (ip inet);\n' }, { ...policyFiles(), '.fake-findings.json': JSON.stringify([finding]) }, { policy: false });
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
    const r = makeRepo({}, { '.fake-findings.json': JSON.stringify([finding]) });
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

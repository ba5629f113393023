/**
 * The Action with a shared policy (issue 17), in-process with the real option resolution, check
 * and git: a newer upstream version is a warning, a branch is a warning, and a pull request from a
 * fork that cannot read the policy gets a note and exit 0, not a crash.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterResult, resolveOptions } from '../../src/commands/check.js';
import { check } from '../../src/engine/check.js';
import { loadPolicyAtRef } from '../../src/policy/load.js';
import { render } from '../../src/report/index.js';
import { runAction, type Env } from '../../src/action/run.js';
import { outdatedFor } from '../../src/policy-source/outdated.js';
import { consumerRepository, git, policyRepository } from '../support/policy-source.js';

async function action(root: string, env: Env) {
  const lines: string[] = [];
  const code = await runAction({
    env: { GITHUB_WORKSPACE: root, 'INPUT_COMMENT': 'false', 'INPUT_SARIF-FILE': path.join(root, 'out.sarif'), POLICYPROOF_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'policyproof-cache-')), ...env },
    check, resolveOptions, filterResult: (r, o) => filterResult(r, o), loadPolicyAtRef,
    policyOutdated: (source, r) => outdatedFor(source, r),
    renderSarif: (result) => render('sarif', result, { version: 'test' }),
    out: (l) => lines.push(l),
    log: () => undefined,
  });
  return { code, out: lines.join('\n') };
}

/** A consumer that is a git repository (the Action reads the PR base from git). */
function consumer(): { dir: string; sha: string } {
  const dir = consumerRepository();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'init');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD').trim() };
}

function prEvent(dir: string, sha: string, fork: boolean): string {
  const file = path.join(dir, '..', `${path.basename(dir)}-event.json`);
  writeFileSync(file, JSON.stringify({ number: 3, pull_request: { number: 3, base: { sha, ref: 'main', repo: { full_name: 'acme/sms-api' } }, head: { sha, repo: { full_name: fork ? 'someone/sms-api' : 'acme/sms-api' } } } }));
  return file;
}

describe('the Action with a shared policy', () => {
  it('warns when the source has a newer version than the pin, naming the policy versions it adds', async () => {
    const source = policyRepository();
    const text = readFileSync(path.join(source.work, 'policy', 'versions', '2018-05-20.yaml'), 'utf8');
    writeFileSync(path.join(source.work, 'policy', 'versions', '2027-01-15.yaml'), text.replace(/2018-05-20/g, '2027-01-15'));
    source.publish('v2027-01-15');
    const { dir } = consumer();
    const r = await action(dir, { GITHUB_EVENT_NAME: 'push', INPUT_POLICY: `git+${source.url}#v2018-05-20`, INPUT_AT: '2026-12-01' });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`::warning title=policyproof%3A shared policy outdated::policyproof: the shared policy git+${source.url}#v2018-05-20 has a newer version (v2027-01-15)`);
    expect(r.out).toContain('it adds policy version 2027-01-15, which binds this repository from its effective date');
    expect(r.out).toContain('retention-missing');
  });

  it('warns that a branch is not reproducible', async () => {
    const source = policyRepository();
    const { dir } = consumer();
    const r = await action(dir, { GITHUB_EVENT_NAME: 'push', INPUT_POLICY: `git+${source.url}#main`, INPUT_AT: '2026-12-01' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/::warning title=policyproof%3A shared policy::policyproof: policy source .*#main: main is a branch, not a tag.*not reproducible/);
  });

  it('a fork PR whose token cannot read the policy gets a note and exit 0; the same on a branch PR is exit 2', async () => {
    const { dir, sha } = consumer();
    const summary = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
    writeFileSync(summary, '');
    const unreadable = 'git+file:///nonexistent/acme/privacy-policy.git#v2027-01-15';
    const fork = await action(dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: prEvent(dir, sha, true), INPUT_POLICY: unreadable, 'INPUT_GITHUB-TOKEN': 'ghs_readonlytoken', GITHUB_STEP_SUMMARY: summary });
    expect(fork.code).toBe(0);
    expect(fork.out).toContain('::notice title=policyproof::policyproof: this pull request comes from a fork, and its token cannot read the shared policy');
    // the token is masked first, and never written anywhere else
    expect(fork.out.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain('ghs_readonlytoken');
    expect(readFileSync(summary, 'utf8')).toContain('Nothing was checked here');
    const own = await action(dir, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: prEvent(dir, sha, false), INPUT_POLICY: unreadable });
    expect(own.code).toBe(2);
    expect(own.out).toMatch(/::error title=policyproof::policyproof: policy source .*: unreachable/);
  });
});

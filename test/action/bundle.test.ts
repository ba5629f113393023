/**
 * The committed dist/ is the Action the runner executes. These tests rebuild it and compare bytes
 * (a stale bundle fails), run it from a copy with no node_modules anywhere around it (the runner
 * installs nothing), and check action.yml against SPEC §6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { annotationsOf, makeRepo, prPayload, REPO_ROOT, runAction, type TestRepo } from './support/harness.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const DIST = path.join(REPO_ROOT, 'dist');

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...listFiles(abs, base));
    else out.push(path.relative(base, abs).split(path.sep).join('/'));
  }
  return out;
}

describe('dist/', () => {
  let fresh: string;
  beforeAll(() => {
    mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
    fresh = mkdtempSync(path.join(REPO_ROOT, '.tmp', 'dist-'));
    execFileSync(process.execPath, ['scripts/build-action.mjs', '--out', fresh], { cwd: REPO_ROOT, stdio: 'pipe' });
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('is byte for byte what scripts/build-action.mjs builds from the current sources', () => {
    const committed = listFiles(DIST);
    const built = listFiles(fresh);
    expect(committed).toEqual(built);
    const stale = built.filter((f) => !readFileSync(path.join(fresh, f)).equals(readFileSync(path.join(DIST, f))));
    expect(stale, 'dist/ is stale: run `node scripts/build-action.mjs` and commit dist/').toEqual([]);
  });

  it('builds the same bytes twice', () => {
    const again = mkdtempSync(path.join(REPO_ROOT, '.tmp', 'dist-'));
    try {
      execFileSync(process.execPath, ['scripts/build-action.mjs', '--out', again], { cwd: REPO_ROOT, stdio: 'pipe' });
      for (const f of listFiles(fresh)) expect(readFileSync(path.join(again, f)).equals(readFileSync(path.join(fresh, f))), f).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('the bundle, run from a copy of dist/ with no node_modules around it', () => {
  let gh: FakeGitHub;
  let copy: string;
  let repo: TestRepo;
  beforeAll(async () => {
    copy = mkdtempSync(path.join(tmpdir(), 'policyproof-dist-'));
    cpSync(DIST, path.join(copy, 'dist'), { recursive: true });
    // nothing above the copy may provide packages
    for (let dir = copy; ; dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
      if (path.dirname(dir) === dir) break;
    }
    const fixture = path.join(REPO_ROOT, 'test/action/fixtures/repo');
    const files: Record<string, string> = {};
    for (const f of listFiles(fixture)) files[f] = readFileSync(path.join(fixture, f), 'utf8');
    repo = makeRepo({}, files);
    gh = await startFakeGitHub();
  });
  afterAll(async () => {
    await gh.close();
    rmSync(copy, { recursive: true, force: true });
    rmSync(repo.dir, { recursive: true, force: true });
  });

  it('checks SQL (libpg-query), Terraform (hcl2json) and TypeScript, and comments on the PR', async () => {
    gh.files.set(7, ['migrations/V1__schema.sql', 'infra/main.tf', 'src/retention.ts', 'README.md'].map((f) => ({ filename: f, status: 'added' as const, patch: '@@ -0,0 +1,3 @@\n+a\n+b\n+c' })));
    const res = await runAction({ entry: path.join(copy, 'dist/index.js'), repo, apiUrl: gh.url, payload: prPayload(repo) });
    expect(res.stderr).not.toMatch(/Cannot find|ERR_MODULE_NOT_FOUND|\n\s+at /);
    expect(res.code).toBe(1);
    const sarif = res.sarif as { runs: Array<{ tool: { driver: { name: string; version: string } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const found = sarif.runs[0]!.results.map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`);
    expect(found).toContain('retention-exceeds-max migrations/V1__schema.sql');
    expect(found).toContain('retention-forever infra/main.tf');
    expect(found).toContain('retention-exceeds-max src/retention.ts');
    expect(sarif.runs[0]!.tool.driver.version).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const onChanged = annotationsOf(res.stdout).filter((a) => a.props.file === 'migrations/V1__schema.sql' || a.props.file === 'src/retention.ts');
    expect(onChanged.length).toBeGreaterThanOrEqual(2);
    expect(gh.violations).toEqual([]);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toMatch(/introduced by this PR/);
    expect(gh.comments[0]!.body).toContain('<code>migrations/V1\\_\\_schema.sql:3</code>');
  });
});

describe('the bundle on a PR that changes the policy', () => {
  let gh: FakeGitHub;
  let repo: TestRepo;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    const v2018 = readFileSync(path.join(REPO_ROOT, 'policy/versions/2018-05-20.yaml'), 'utf8');
    const next = v2018
      .replace('version: 2018-05-20\npublished: 2018-05-10\neffective: 2018-05-20', 'version: 2026-01-20\npublished: 2026-01-10\neffective: 2026-01-20\nsummary:\n  sv: Kortare lagring av felsökningsdata.\n  en: Shorter retention of debugging data.')
      .replace('raderas automatiskt efter 14 dagar', 'raderas automatiskt efter 7 dagar');
    repo = makeRepo({}, {
      // a published version edited in place, and a new version with too short a notice
      'policy/versions/2018-05-20.yaml': v2018.replace('Vi värnar om integriteten', 'Vi värnar verkligen om integriteten'),
      'policy/versions/2026-01-20.yaml': next,
    });
    gh.files.set(7, ['policy/versions/2018-05-20.yaml', 'policy/versions/2026-01-20.yaml'].map((f) => ({ filename: f, status: 'modified' as const, patch: '@@ -1,1 +1,1 @@\n+x' })));
  });
  afterAll(async () => {
    await gh.close();
    rmSync(repo.dir, { recursive: true, force: true });
  });

  it('runs the lifecycle rules against the PR base and previews the change', async () => {
    const res = await runAction({ entry: path.join(DIST, 'index.js'), repo, apiUrl: gh.url, payload: prPayload(repo), inputs: { at: '2026-01-12' } });
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const body = gh.comments[0]!.body;
    // the real rules, judged with the base's policy
    expect(body).toContain('<code>published-version-changed</code>');
    expect(body).toContain('<code>notice-too-short</code>');
    // the preview
    expect(body).toMatch(/#### Version 2018-05-20 — changed \(compared with the base’s 2018-05-20\)/);
    expect(body).toMatch(/Vi värnar <ins>verkligen <\/ins>om integriteten|Vi värnar <ins>verkligen<\/ins> om integriteten/);
    // the new version is compared with what customers read today: the base's 2018 text
    expect(body).toMatch(/#### Version 2026-01-20 — added \(compared with version 2018-05-20\)/);
    expect(body).not.toMatch(/<del>verkligen/);
    expect(body).toMatch(/Earliest lawful effective date: \*\*2026-02-09\*\*/);
    expect(body).toMatch(/<del>14<\/del><ins>7<\/ins> dagar/);
    expect(body).toContain('| 2026-01-20 | <code>summary</code> | unconfirmed |');
    expect(res.outputs.pending).toBe('2026-01-20');
    expect(res.code).toBe(1);
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string };
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
    branding: { icon: string; color: string };
  };
  it('runs dist/index.js on node24 with the inputs and outputs of SPEC §6', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(existsSync(path.join(REPO_ROOT, action.runs.main))).toBe(true);
    expect(Object.keys(action.inputs)).toEqual(['policy', 'paths', 'at', 'fail-on', 'comment', 'sarif-file', 'github-token']);
    expect(action.inputs.comment!.default).toBe('true');
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['errors', 'warnings', 'sarif-file', 'in-force', 'pending']));
    expect(action.branding.icon).toBeTruthy();
  });
});

/**
 * The adoption path, as a new user takes it, from the packed tarball in an empty git repository:
 * the README's "Using it in your repository" section, run as written through `npx policyproof`
 * (init in Danish with an English translation, annotate a table and a constant, check, translations,
 * publish), then a pull-request run of the Action against the stand-in GitHub API.
 *
 * No network: the tarball is installed with `npm install --offline`, its dependencies linked from
 * this checkout's node_modules (file: links), so npm resolves nothing from a registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO } from '../support/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { prPayload, runAction } from '../action/support/harness.js';


const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const section = (() => {
  const start = README.indexOf('## Using it in your repository');
  const end = README.indexOf('\n## ', start + 3);
  return README.slice(start, end);
})();
/** The fenced blocks of the section, in order: [language, body]. */
const blocks = [...section.matchAll(/```([a-z]*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));

const env = { ...process.env, TZ: 'Europe/Copenhagen', NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
const gitEnv = { ...env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
let work: string;
let project: string;
let gh: FakeGitHub;
let entry: string;

function sh(line: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-c', line], { cwd: project, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const git = (...args: string[]) => execFileSync('git', args, { cwd: project, env: gitEnv, encoding: 'utf8' }).trim();

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'policyproof-e2e-'));
  project = path.join(work, 'shop');
  mkdirSync(project);
  // the package as npm would publish it (built above; no scripts run)
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: REPO, env, stdio: 'pipe' });
  gh = await startFakeGitHub();
  entry = path.join(REPO, '.tmp', `action-e2e-${process.pid}`, 'index.mjs');
  await build({
    absWorkingDir: REPO, entryPoints: ['src/action/main.ts'], outfile: entry, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: ['libpg-query', '@cdktf/hcl2json', 'pg-native'], logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}, 600_000);

afterAll(async () => {
  await gh?.close();
  rmSync(work, { recursive: true, force: true });
  if (entry) rmSync(path.dirname(entry), { recursive: true, force: true });
});

describe('adopting policyproof from the packed tarball (README: "Using it in your repository")', () => {
  it('the tarball is the CLI alone: no Action bundle, no GitHub client, a LICENSE', () => {
    const tarball = readdirSync(work).find((n) => n.endsWith('.tgz'))!;
    const files = execFileSync('tar', ['tzf', path.join(work, tarball)], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/build/src/cli.js');
    expect(files).toContain('package/rules/languages/da.yaml');
    expect(files.filter((f) => f.startsWith('package/dist/') || f === 'package/action.yml')).toEqual([]);
    const pkg = JSON.parse(execFileSync('tar', ['xzfO', path.join(work, tarball), 'package/package.json'], { encoding: 'utf8' })) as { dependencies: Record<string, string>; license: string };
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@octokit/'))).toEqual([]);
    expect(pkg.license).toBe('MIT');
  });

  it('installs offline with no engine warning, and runs the README section as written', async () => {
    // the README's install line, with the tarball for the registry name and the dependencies linked
    expect(blocks[0]!.body).toMatch(/^npm install --save-dev policyproof$/m);
    git('init', '-q', '-b', 'main');
    const tarball = readdirSync(work).find((n) => n.endsWith('.tgz'))!;
    const prod = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').slice(1);
    const devDependencies: Record<string, string> = { policyproof: `file:../${tarball}` };
    for (const dir of prod) devDependencies[(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string }).name] = `file:${dir}`;
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'shop', version: '1.0.0', private: true, devDependencies }, null, 2));
    writeFileSync(path.join(project, '.gitignore'), 'node_modules/\nsite/\n');
    const install = sh('npm install --offline --no-audit --no-fund --ignore-scripts');
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout + install.stderr).not.toMatch(/EBADENGINE/);
    expect(existsSync(path.join(project, 'node_modules/policyproof/dist'))).toBe(false);
    git('add', '-A');
    git('commit', '-qm', 'the shop, before policyproof');
    const base = git('rev-parse', 'HEAD');

    const outputs: Array<{ line: string; code: number | null; stdout: string; stderr: string }> = [];
    for (const { lang, body } of blocks) {
      if (lang === 'sh') {
        for (const line of body.split('\n').filter((l) => l.startsWith('npx policyproof '))) {
          const r = sh(line.replace(/^npx policyproof /, 'npx --offline policyproof '));
          outputs.push({ line, ...r });
        }
      } else if (lang === 'yaml' && body.startsWith('  - id: ')) {
        // "in place of the proposed customers": the category goes into the version init wrote
        const dir = path.join(project, 'policy/versions');
        const file = path.join(dir, readdirSync(dir)[0]!);
        const text = readFileSync(file, 'utf8');
        expect(text).toMatch(/# - id: customers/);
        writeFileSync(file, text.replace('  - id: updates\n', `${body}  - id: updates\n`));
      } else if (lang === 'sql' || lang === 'ts') {
        const rel = /^(?:--|\/\/) (\S+)\n/.exec(body)![1]!;
        mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
        writeFileSync(path.join(project, rel), body);
      }
    }
    const run = (prefix: string) => outputs.find((o) => o.line.startsWith(prefix))!;

    const init = run('npx policyproof init');
    expect(init.code, init.stderr).toBe(0);
    for (const f of ['policy/policy.yaml', 'policy/translations.lock', 'policyproof.yaml', '.github/workflows/policyproof.yml']) expect(init.stdout).toContain(`wrote ${f}`);

    const check = outputs.find((o) => /^npx policyproof check\s+#/.test(o.line))!;
    expect(check.code, check.stderr).toBe(1);
    expect(check.stdout).toMatch(/src\/retention\.ts\n +3:14 +error +constant CUSTOMER_RETENTION_DAYS \(customers\): @retention constant CUSTOMER_RETENTION_DAYS — keeps data 45 days, above the policy's maximum of 30 days\. +retention-exceeds-max/);
    expect(check.stdout).toMatch(/db\/schema\.sql\n +3:1 +error +table public\.customers \(customers\) has nothing that deletes its data; the policy says at most 30 days\. +retention-missing/);
    expect(check.stdout).not.toMatch(/"/);

    const verbose = run('npx policyproof check --verbose');
    expect(verbose.stdout).toContain('da: "Vi gemmer dit navn og din e-mailadresse i 30 dage efter din sidste ordre."');
    expect(verbose.stdout).toContain('en: "We store your name and email address for 30 days after your last order."');

    const status = run('npx policyproof translations status');
    expect(status.stdout).toContain('unconfirmed 2026');
    const accept = run('npx policyproof translations accept');
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toMatch(/confirmed \S+ sections\.customers\.text \(da → en; was unconfirmed\)/);
    expect(accept.stdout).toMatch(/confirmed \S+ title \(da → en; was unconfirmed\)/);

    const publish = run('npx policyproof publish');
    expect(publish.code, publish.stderr).toBe(0);
    expect(readFileSync(path.join(project, 'site/en/index.html'), 'utf8')).toContain('We store your name and email address for 30 days after your last order.');
    const da = readFileSync(path.join(project, 'site/da/index.html'), 'utf8');
    expect(da).toContain('<html lang="da"');
    expect(da).toContain('Vi gemmer dit navn og din e-mailadresse i 30 dage efter din sidste ordre.');
    // the page's own words are Danish too (rules/languages/da.yaml, page:)
    expect(da).toContain('Gældende version');
    expect(da).toContain('Alle versioner');

    // the pull request that adds the policy, checked by the Action against the stand-in GitHub API
    git('add', '-A');
    git('commit', '-qm', 'policyproof: the policy and its annotations');
    const head = git('rev-parse', 'HEAD');
    const repo = { dir: project, baseSha: base, headSha: head };
    const changed = git('diff', '--name-only', base, head).split('\n');
    gh.files.set(7, changed.map((filename) => ({ filename, status: 'added' })));
    const action = await runAction({ entry, repo, apiUrl: gh.url, payload: prPayload(repo), inputs: { at: '' } });
    expect(action.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
    expect(action.code).toBe(1);
    expect(gh.violations).toEqual([]);
    const comment = gh.comments[0]!.body;
    expect(comment).toMatch(/This PR adds the policy \(the base <code>[0-9a-f]{7}<\/code> has none\): every finding is new\./);
    expect(comment).toMatch(/retention-exceeds-max/);
    expect(comment).toContain('Vi gemmer dit navn og din e-mailadresse i 30 dage efter din sidste ordre.');
    expect(comment).toContain('We store your name and email address for 30 days after your last order.');
    expect(action.outputs.errors).toBe('2');
    // the workflow init wrote pins every action it uses by commit SHA
    const workflow = readFileSync(path.join(project, '.github/workflows/policyproof.yml'), 'utf8');
    expect(workflow.match(/uses: actions\/checkout@[0-9a-f]{40}/)).not.toBeNull();
  }, 600_000);
});

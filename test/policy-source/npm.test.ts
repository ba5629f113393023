/**
 * A shared policy as an npm package (issue 17), published to and resolved from a real registry
 * (verdaccio) on 127.0.0.1, fetched with npm and never running a script of the package.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli.js';
import { consumerRepository, localRegistry, policyPackage } from '../support/policy-source.js';

let registry: Awaited<ReturnType<typeof localRegistry>>;
const marker = path.join(mkdtempSync(path.join(tmpdir(), 'policyproof-marker-')), 'a-script-ran');
const cacheDir = mkdtempSync(path.join(tmpdir(), 'policyproof-cache-'));

beforeAll(async () => {
  ensureBuilt();
  registry = await localRegistry();
  // Every lifecycle script npm knows writes the marker, if anything ever runs it.
  const script = `node ${JSON.stringify(path.join('install.js'))}`;
  const pkg = policyPackage({ version: '2027.1.0', scripts: { preinstall: script, install: script, postinstall: script, prepare: script, prepack: script } });
  writeFileSync(path.join(pkg, 'install.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
  registry.publish(pkg);
}, 120_000);
afterAll(async () => registry?.stop());

const run = (cwd: string, args: string[], cache = cacheDir) =>
  runCli(['check', '--at', '2026-12-01', '--format', 'json', ...args], { cwd, env: { ...registry.env, POLICYPROOF_CACHE_DIR: cache } });
const lock = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'policyproof.lock'), 'utf8')) as { policy: Record<string, string> };
const view = (spec: string, field: string) =>
  JSON.parse(execFileSync('npm', ['view', spec, field, '--json'], { encoding: 'utf8', env: { ...process.env, ...registry.env } })) as string;

describe('a policy named by an npm package', () => {
  it('is resolved from the registry, pinned with its integrity, and no script of the package runs', () => {
    const repo = consumerRepository({ 'policyproof.yaml': 'policy: npm:@acme/privacy-policy@^2027\n' });
    const r = run(repo, []);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId)).toContain('retention-missing');
    expect(lock(repo).policy).toMatchObject({
      kind: 'npm', reference: 'npm:@acme/privacy-policy@^2027', name: '@acme/privacy-policy', version: '2027.1.0',
      integrity: view('@acme/privacy-policy@2027.1.0', 'dist.integrity'),
    });
    // fetched — the script file is in the cache — and not run
    const entries = readdirSync(path.join(cacheDir, 'npm')).filter((e) => !e.startsWith('_'));
    expect(entries).toHaveLength(1);
    expect(existsSync(path.join(cacheDir, 'npm', entries[0], 'install.js'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(cacheDir, 'npm', entries[0], 'package.json'), 'utf8')).scripts.postinstall).toContain('install.js');
    expect(existsSync(marker)).toBe(false);
    // offline, the cache alone
    const offline = run(repo, ['--offline'], cacheDir);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toBe(r.stdout);
  });

  it('an integrity the registry does not serve is exit 2 (the lock pins another tarball)', () => {
    const repo = consumerRepository({ 'policyproof.yaml': 'policy: npm:@acme/privacy-policy@^2027\n' });
    const cache = mkdtempSync(path.join(tmpdir(), 'policyproof-cache-'));
    expect(run(repo, [], cache).code).toBe(1);
    const pinned = lock(repo);
    // The pin says the version was once another tarball (as if it were republished since).
    const other = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    writeFileSync(path.join(repo, 'policyproof.lock'), JSON.stringify({ ...pinned, policy: { ...pinned.policy, integrity: other } }, null, 2));
    const r = run(repo, [], mkdtempSync(path.join(tmpdir(), 'policyproof-cache-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`integrity mismatch for @acme/privacy-policy@2027.1.0: policyproof.lock pins ${other}, the registry serves ${pinned.policy.integrity}`);
    expect(existsSync(marker)).toBe(false);
  });

  it('a tarball changed in the registry\'s storage is exit 2: its integrity no longer matches', () => {
    const pkg = policyPackage({ version: '2027.1.1' });
    registry.publish(pkg);
    const tarball = path.join(registry.storage, '@acme', 'privacy-policy', 'privacy-policy-2027.1.1.tgz');
    const bytes = readFileSync(tarball);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(tarball, bytes);
    const repo = consumerRepository();
    const r = run(repo, ['--policy', 'npm:@acme/privacy-policy@2027.1.1'], mkdtempSync(path.join(tmpdir(), 'policyproof-cache-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/integrity/);
    expect(existsSync(path.join(repo, 'policyproof.lock'))).toBe(false);
  }, 240_000);

  it('an unknown package or version is exit 2', () => {
    const repo = consumerRepository();
    const r = run(repo, ['--policy', 'npm:@acme/privacy-policy@^3000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such package or version');
    rmSync(repo, { recursive: true });
  });

  it('policy outdated lists the newer versions in the registry and the policy versions they add', () => {
    const repo = consumerRepository({ 'policyproof.yaml': 'policy: npm:@acme/privacy-policy@2027.1.0\n' });
    expect(run(repo, []).code).toBe(1);
    const pkg = policyPackage({ version: '2027.2.0' });
    const text = readFileSync(path.join(pkg, 'policy', 'versions', '2018-05-20.yaml'), 'utf8');
    writeFileSync(path.join(pkg, 'policy', 'versions', '2027-03-01.yaml'), text.replace(/2018-05-20/g, '2027-03-01'));
    registry.publish(pkg);
    const r = runCli(['policy', 'outdated', '--format', 'json'], { cwd: repo, env: { ...registry.env, POLICYPROOF_CACHE_DIR: cacheDir } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { newer: string[]; versionsMissing: string[]; latest: string; pinned: string };
    expect(report).toMatchObject({ pinned: '@acme/privacy-policy@2027.1.0', latest: 'npm:@acme/privacy-policy@2027.2.0', versionsMissing: ['2027-03-01'] });
    expect(report.newer.at(-1)).toBe('2027.2.0');
    expect(existsSync(marker)).toBe(false);
  });

  // Last: the control that makes the "no script ran" checks above mean something.
  it('the same package installed the ordinary way does run its script', () => {
    expect(existsSync(marker)).toBe(false);
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-install-'));
    writeFileSync(path.join(dir, 'package.json'), '{"name":"control","version":"1.0.0","private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '@acme/privacy-policy@2027.1.0'], { cwd: dir, env: { ...process.env, ...registry.env }, stdio: 'ignore' });
    expect(readFileSync(marker, 'utf8')).toBe('ran');
  });
});

/**
 * A shared policy in a git repository (issue 17): a bare repository on disk with tags, served by
 * git itself over file:// and `git daemon` on 127.0.0.1; the pin, the cache, and what breaks them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli.js';
import { consumerRepository, git, gitDaemon, policyRepository } from '../support/policy-source.js';

beforeAll(() => ensureBuilt(), 300_000);

const cacheDir = mkdtempSync(path.join(tmpdir(), 'policyproof-cache-'));
const run = (cwd: string, args: string[], cache = cacheDir) =>
  runCli(['check', '--at', '2026-12-01', '--format', 'json', ...args], { cwd, env: { POLICYPROOF_CACHE_DIR: cache, GITHUB_TOKEN: undefined, POLICYPROOF_GITHUB_TOKEN: undefined } });
const rules = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ ruleId: string; category?: string }> }).findings.map((f) => f.ruleId);
const lock = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'policyproof.lock'), 'utf8')) as { policy: Record<string, string> };

describe('a policy named by a git reference', () => {
  const source = policyRepository();
  const commit = git(source.bare, 'rev-parse', 'v2018-05-20^{commit}').trim();

  it('is fetched over file://, pinned in policyproof.lock, and the repository is checked against it', () => {
    const repo = consumerRepository();
    const ref = `git+${source.url}#v2018-05-20`;
    const r = run(repo, ['--policy', ref]);
    expect(r.stderr).toContain('pinned');
    expect(r.code).toBe(1);
    expect(rules(r.stdout)).toContain('retention-missing');
    const pin = lock(repo).policy;
    expect(pin).toMatchObject({ kind: 'git', reference: ref, ref: 'v2018-05-20', refType: 'tag', commit, path: '' });
    expect(pin.contents).toMatch(/^sha256-/);
    // the cache holds the commit's tree, and nothing else was written in the repository
    expect(existsSync(path.join(cacheDir, 'git', commit, 'policy', 'policy.yaml'))).toBe(true);
    expect(readdirSync(repo).sort()).toEqual(['db', 'policyproof.lock']);
    // same commit, same bytes
    const again = run(repo, ['--policy', ref]);
    expect(again.stdout).toBe(r.stdout);
  });

  it('cache-dir in policyproof.yaml puts the cache in the repository (e.g. for actions/cache), outside the scan', () => {
    const own = policyRepository();
    // the policy repository has a table of its own, which is not the consumer's
    writeFileSync(path.join(own.work, 'leads.sql'), 'CREATE TABLE leads (email text, phone text);\n');
    own.publish('v-with-sql');
    const repo = consumerRepository({ 'policyproof.yaml': `policy: git+${own.url}#v-with-sql\ncache-dir: .policyproof/cache\n` });
    const r = runCli(['check', '--at', '2026-12-01', '--format', 'json'], { cwd: repo, env: { POLICYPROOF_CACHE_DIR: undefined, XDG_CACHE_HOME: undefined } });
    expect(r.code).toBe(1);
    const pinned = lock(repo).policy.commit;
    expect(existsSync(path.join(repo, '.policyproof', 'cache', 'git', pinned, 'leads.sql'))).toBe(true);
    expect(readdirSync(path.join(repo, '.policyproof', 'cache', 'git'))).toEqual([pinned]);
    const files = (JSON.parse(r.stdout) as { findings: Array<{ file: string }> }).findings.map((f) => f.file);
    expect(files.filter((f) => f.startsWith('.policyproof'))).toEqual([]);
    expect(files).toContain('db/V1__debug.sql');
  });

  it('--offline reads the cache only: the source may be gone', () => {
    const repo = consumerRepository({ 'policyproof.yaml': `policy: git+${source.url}#v2018-05-20\n` });
    expect(run(repo, []).code).toBe(1);
    const moved = `${source.bare}-away`;
    renameSync(source.bare, moved);
    try {
      const offline = run(repo, ['--offline']);
      expect(offline.stderr).toBe('');
      expect(offline.code).toBe(1);
      const online = run(repo, []);
      expect(online.code).toBe(2);
      expect(online.stderr).toMatch(/unreachable/);
      // --offline without a pin in the cache: a clear message, exit 2
      const empty = mkdtempSync(path.join(tmpdir(), 'policyproof-cache-'));
      const cold = run(repo, ['--offline'], empty);
      expect(cold.code).toBe(2);
      expect(cold.stderr).toMatch(/not in the cache/);
    } finally {
      renameSync(moved, source.bare);
    }
  });

  it('a tampered cache entry is refused, naming the entry (exit 2)', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'policyproof-cache-'));
    const repo = consumerRepository();
    const ref = `git+${source.url}#v2018-05-20`;
    expect(run(repo, ['--policy', ref], cache).code).toBe(1);
    const entry = path.join(cache, 'git', commit);
    appendFileSync(path.join(entry, 'policy', 'versions', '2018-05-20.yaml'), '# edited in the cache\n');
    for (const args of [['--policy', ref], ['--policy', ref, '--offline']]) {
      const r = run(repo, args, cache);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`the cache entry ${entry} was changed after it was fetched`);
      // --format json on exit 2: one error object on stdout, no findings
      expect(JSON.parse(r.stdout).error.kind).toBe('PolicySourceError');
    }
  });

  it('a moved tag and a deleted ref are exit 2, naming the problem', () => {
    const own = policyRepository();
    const repo = consumerRepository();
    const ref = `git+${own.url}#v2018-05-20`;
    expect(run(repo, ['--policy', ref]).code).toBe(1);
    const pinned = lock(repo).policy.commit;
    writeFileSync(path.join(own.work, 'README.md'), 'rewritten\n');
    own.publish('v2018-05-20', true);
    const moved = run(repo, ['--policy', ref]);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain(`the tag v2018-05-20 moved: policyproof.lock pins commit ${pinned}`);
    expect(lock(repo).policy.commit).toBe(pinned);

    git(own.bare, 'tag', '-d', 'v2018-05-20');
    const deleted = run(repo, ['--policy', ref]);
    expect(deleted.code).toBe(2);
    expect(deleted.stderr).toContain('the ref v2018-05-20 no longer exists');
    expect(deleted.stderr).toContain('(was it deleted?)');
  });

  it('a branch works but warns that it is not reproducible', () => {
    const repo = consumerRepository();
    const r = run(repo, ['--policy', `git+${source.url}#main`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('main is a branch, not a tag');
    expect(r.stderr).toContain('not reproducible');
    expect(lock(repo).policy.refType).toBe('branch');
  });

  it('policy outdated names the newer tag and the policy versions it adds (exit 1); up to date is exit 0', () => {
    const own = policyRepository();
    const repo = consumerRepository({ 'policyproof.yaml': `policy: git+${own.url}#v2018-05-20\n` });
    expect(run(repo, []).code).toBe(1);
    const outdated = () => runCli(['policy', 'outdated'], { cwd: repo, env: { POLICYPROOF_CACHE_DIR: cacheDir } });
    const fresh = outdated();
    expect(fresh.stdout).toBe(`git+${own.url}#v2018-05-20: up to date (pinned v2018-05-20 (tag) at commit ${lock(repo).policy.commit.slice(0, 12)})\n`);
    expect(fresh.code).toBe(0);
    const text = readFileSync(path.join(own.work, 'policy', 'versions', '2018-05-20.yaml'), 'utf8');
    writeFileSync(path.join(own.work, 'policy', 'versions', '2027-01-15.yaml'), text.replace(/2018-05-20/g, '2027-01-15'));
    own.publish('v2027-01-15');
    const stale = outdated();
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('the source has a newer version: v2027-01-15');
    expect(stale.stdout).toContain('policy versions the pin lacks: 2027-01-15');
    expect(stale.stdout).toContain(`policy: git+${own.url}#v2027-01-15`);
    // it only looks: the pin is unchanged
    expect(lock(repo).policy.ref).toBe('v2018-05-20');
  });

  describe('served by git daemon on 127.0.0.1', () => {
    let daemon: Awaited<ReturnType<typeof gitDaemon>>;
    beforeAll(async () => {
      daemon = await gitDaemon(source.bare);
    }, 30_000);
    afterAll(async () => daemon?.stop());

    it('resolves git://127.0.0.1:PORT/…#tag with a folder after the colon', () => {
      const repo = consumerRepository();
      const ref = `${daemon.url}#v2018-05-20:policy`;
      const r = run(repo, ['--policy', ref], mkdtempSync(path.join(tmpdir(), 'policyproof-cache-')));
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(1);
      expect(lock(repo).policy).toMatchObject({ commit, path: 'policy', url: daemon.url });
    });
  });

  describe('who owns what', () => {
    it('the policy\'s own lifecycle findings belong to the policy repository, not to the consumer', () => {
      const own = policyRepository();
      rmSync(path.join(own.work, 'policy', 'translations.lock'));
      own.publish('v2');
      // in the policy's repository, its lifecycle rules find the unconfirmed translations
      const validate = runCli(['policy', 'validate', '--at', '2026-12-01', '--format', 'json'], { cwd: own.work });
      expect(validate.stdout).toContain('translation-unconfirmed');
      const repo = consumerRepository();
      const r = run(repo, ['--policy', `git+${own.url}#v2`]);
      expect(r.code).toBe(1);
      expect(rules(r.stdout)).not.toContain('translation-unconfirmed');
      expect(rules(r.stdout)).toContain('retention-missing');
    });

    it('what a pending upstream version will break on its effective date is reported to the consumer', () => {
      const own = policyRepository();
      const text = readFileSync(path.join(own.work, 'policy', 'versions', '2018-05-20.yaml'), 'utf8');
      const pending = text
        .replace('version: 2018-05-20\npublished: 2018-05-10\neffective: 2018-05-20\n', 'version: 2027-01-15\npublished: 2026-11-01\neffective: 2027-01-15\nsummary: {sv: Kortare felsökningsdata., en: Shorter debugging data.}\n')
        .replace('retention: {max: P14D}', 'retention: {max: P7D}')
        .replace(/efter 14 dagar/g, 'efter 7 dagar')
        .replace(/after 14 days/g, 'after 7 days');
      writeFileSync(path.join(own.work, 'policy', 'versions', '2027-01-15.yaml'), pending);
      own.publish('v2027-01-15');
      const repo = consumerRepository({
        'db/V1__debug.sql': "-- @category debug-data\nCREATE TABLE debug_log (id bigserial, message text, created_at timestamptz);\nSELECT cron.schedule('purge', '0 3 * * *', $$DELETE FROM debug_log WHERE created_at < now() - interval '10 days'$$);\n",
      });
      const r = run(repo, ['--policy', `git+${own.url}#v2027-01-15`]);
      const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; severity: string }> }).findings;
      const soon = findings.filter((f) => f.ruleId === 'retention-exceeds-max');
      expect(soon.length).toBeGreaterThan(0);
      expect(soon[0].message).toMatch(/^From 2027-01-15 \(version 2027-01-15, pending\): /);
      expect(soon[0].severity).toBe('warning');
      // and none of the new version's lifecycle findings (its translations are unconfirmed)
      expect(findings.map((f) => f.ruleId)).not.toContain('translation-stale');
      expect(findings.map((f) => f.ruleId)).not.toContain('translation-unconfirmed');
    });

    it('a promise is reported only for the categories policyproof.yaml says the repository owns', () => {
      const ref = `git+${source.url}#v2018-05-20`;
      const none = run(consumerRepository({ 'policyproof.yaml': `policy: ${ref}\n` }), []);
      expect(rules(none.stdout)).not.toContain('promise-not-implemented');
      const owner = consumerRepository({ 'policyproof.yaml': `policy: ${ref}\nowns:\n  promises: [traffic-history]\n` });
      type Found = { ruleId: string; category?: string; file: string; line: number; message: string; fingerprint: string };
      const promises = (cache?: string) => (JSON.parse(run(owner, [], cache).stdout) as { findings: Found[] }).findings.filter((f) => f.ruleId === 'promise-not-implemented');
      const found = promises();
      expect(found.map((f) => f.category)).toEqual(['traffic-history', 'traffic-history', 'traffic-history']);
      // reported at the line that owns them, quoting where in the shared policy the promise is; the
      // fingerprint does not depend on where the cache is
      expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['policyproof.yaml:2', 'policyproof.yaml:2', 'policyproof.yaml:2']);
      expect(found[0].message).toMatch(new RegExp(`\\(shared policy git\\+file:.*#v2018-05-20: versions/2018-05-20\\.yaml:\\d+\\)$`));
      expect(promises(mkdtempSync(path.join(tmpdir(), 'policyproof-cache-'))).map((f) => f.fingerprint)).toEqual(found.map((f) => f.fingerprint));
      const bad = run(consumerRepository({ 'policyproof.yaml': `policy: ${ref}\nowns: [traffic-history]\n` }), []);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/policyproof\.yaml:2:\d+: "owns" must be a mapping \{promises/);
    });
  });

  describe('bad sources: exit 2, a clear message, nothing written outside the cache', () => {
    const broken: Array<[string, (work: string) => void, string]> = [
      ['a symlink out of the package', (work) => symlinkSync('../../../../etc/passwd', path.join(work, 'policy', 'leak.yaml')), 'the symlink "policy/leak.yaml" points out of the package (to "../../../../etc/passwd"); refused'],
      ['a source that is not a policy', (work) => git(work, 'rm', '-r', '--quiet', 'policy'), 'not a policy: no policy.yaml at its top or in policy/'],
    ];
    it.each(broken)('%s', (_, breakIt, message) => {
      const own = policyRepository();
      breakIt(own.work);
      own.publish('v-broken');
      const repo = consumerRepository();
      const r = run(repo, ['--policy', `git+${own.url}#v-broken`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(existsSync(path.join(repo, 'policyproof.lock'))).toBe(false);
    });

    it('an unknown tag, a malformed reference', () => {
      const repo = consumerRepository();
      const unknown = run(repo, ['--policy', `git+${source.url}#v9999`]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no tag or branch v9999');
      const malformed = run(repo, ['--policy', 'github:acme@v1']);
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('expected github:OWNER/REPO@TAG[:FOLDER]');
      const escape = run(repo, ['--policy', `git+${source.url}#v2018-05-20:../etc`]);
      expect(escape.code).toBe(2);
      expect(escape.stderr).toContain('must be a plain path inside the source');
    });
  });
});

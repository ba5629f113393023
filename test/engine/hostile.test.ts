/** Outside input is hostile: the scan reports what it could not read and goes on (engine level). */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { discoverFiles, readTextFile } from '../../src/engine/files.js';

const POLICY = path.resolve('policy');

function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-hostile-'));
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'db', 'V1__ok.sql'), '-- @category debug-data\nCREATE TABLE debug_log (id bigint, created_at timestamptz);\n');
  return dir;
}

describe('hostile repositories', () => {
  it('does not follow symbolic links, so a link loop cannot trap the walk', async () => {
    const dir = repo();
    symlinkSync('..', path.join(dir, 'db', 'loop'));
    symlinkSync(path.join(dir, 'db'), path.join(dir, 'db-again'));
    symlinkSync('/etc/passwd', path.join(dir, 'db', 'passwd.sql'));
    const { files } = await discoverFiles({ root: dir });
    expect(files).toEqual(['db/V1__ok.sql']);
  });

  it('skips binary files and oversized files with a reason, and reads the rest', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'db', 'V2__binary.sql'), Buffer.from([0x43, 0x52, 0x00, 0x01, 0xff, 0x00]));
    writeFileSync(path.join(dir, 'db', 'V3__big.sql'), Buffer.alloc(33 * 1024 * 1024, 0x20));
    const result = await check({ root: dir, policyDir: POLICY, at: '2026-11-28' });
    const errors = result.findings.filter((f) => f.ruleId === 'source-error').map((f) => `${f.location.file}: ${f.message}`);
    expect(errors).toEqual([
      'db/V2__binary.sql: db/V2__binary.sql was skipped: binary file (it holds NUL bytes); not read',
      'db/V3__big.sql: db/V3__big.sql was skipped: 33.0 MB is over the 32.0 MB limit; not read',
    ]);
    expect(result.stores.map((s) => s.id)).toContain('sql:table:public.debug_log');
  });

  it('reads a file that is not UTF-8 with replacement characters, says so at the line, and goes on', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'db', 'V2__latin1.sql'), Buffer.concat([Buffer.from('-- kund\nCREATE TABLE kunder (id bigint, namn text);\n-- '), Buffer.from([0xe5, 0xe4, 0xf6]), Buffer.from('\n')]));
    const read = await readTextFile(dir, 'db/V2__latin1.sql');
    expect(read.text).toContain('\uFFFD');
    expect(read.diagnostic?.location.line).toBe(3);
    const result = await check({ root: dir, policyDir: POLICY, at: '2026-11-28' });
    expect(result.findings.some((f) => f.ruleId === 'source-error' && f.location.file === 'db/V2__latin1.sql' && f.location.line === 3)).toBe(true);
    expect(result.stores.map((s) => s.id)).toContain('sql:table:public.kunder');
  });

  it('reports an unreadable file and folder instead of failing', async () => {
    if (process.getuid?.() === 0) {
      // root reads everything; a file that vanishes between listing and reading is the same path
      const dir = repo();
      const r = await readTextFile(dir, 'db/gone.sql');
      expect(r.diagnostic?.message).toBe('cannot read: ENOENT');
      return;
    }
    const dir = repo();
    writeFileSync(path.join(dir, 'db', 'V2__secret.sql'), 'CREATE TABLE x (id int);');
    chmodSync(path.join(dir, 'db', 'V2__secret.sql'), 0);
    const result = await check({ root: dir, policyDir: POLICY, at: '2026-11-28' });
    expect(result.findings.some((f) => f.ruleId === 'source-error' && f.location.file === 'db/V2__secret.sql')).toBe(true);
  });

  it('honours .gitignore at every level and never scans node_modules or .git', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, '.gitignore'), 'generated/\n*.tmp.sql\n');
    mkdirSync(path.join(dir, 'generated'));
    writeFileSync(path.join(dir, 'generated', 'x.sql'), 'CREATE TABLE g (phone_number text);');
    writeFileSync(path.join(dir, 'db', 'scratch.tmp.sql'), 'CREATE TABLE s (phone_number text);');
    mkdirSync(path.join(dir, 'svc', 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(dir, 'svc', 'node_modules', 'pkg', 'x.sql'), 'CREATE TABLE n (phone_number text);');
    writeFileSync(path.join(dir, 'svc', '.gitignore'), 'local.sql\n');
    writeFileSync(path.join(dir, 'svc', 'local.sql'), 'CREATE TABLE l (phone_number text);');
    writeFileSync(path.join(dir, 'svc', 'kept.sql'), 'CREATE TABLE k (id int);');
    const { files } = await discoverFiles({ root: dir });
    expect(files).toEqual(['.gitignore', 'db/V1__ok.sql', 'svc/.gitignore', 'svc/kept.sql']);
  });

  it("never scans a package manager's vendor/ (Composer, Go modules, Bundler); an app's own vendor module is read", async () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'vendor', 'acme', 'lib'), { recursive: true });
    writeFileSync(path.join(dir, 'vendor', 'autoload.php'), '<?php\n');
    writeFileSync(path.join(dir, 'vendor', 'acme', 'lib', 'x.sql'), 'CREATE TABLE v (phone_number text);');
    mkdirSync(path.join(dir, 'go', 'vendor', 'example.com', 'm'), { recursive: true });
    writeFileSync(path.join(dir, 'go', 'vendor', 'modules.txt'), '# example.com/m v1.0.0\n');
    writeFileSync(path.join(dir, 'go', 'vendor', 'example.com', 'm', 'm.sql'), 'CREATE TABLE m (email text);');
    mkdirSync(path.join(dir, 'shop', 'vendor'), { recursive: true });
    writeFileSync(path.join(dir, 'shop', 'vendor', 'vendors.sql'), 'CREATE TABLE vendors (id int);');
    const { files } = await discoverFiles({ root: dir });
    expect(files).toEqual(['db/V1__ok.sql', 'shop/vendor/vendors.sql']);
  });

  it("never scans Bower's packages: bower_components/, or the directory a .bowerrc names", async () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'bower_components', 'lib'), { recursive: true });
    writeFileSync(path.join(dir, 'bower_components', 'lib', 'x.sql'), 'CREATE TABLE b (email text);');
    writeFileSync(path.join(dir, '.bowerrc'), '{ "directory": "vendor/assets/components/", "analytics": false }');
    mkdirSync(path.join(dir, 'vendor', 'assets', 'components', 'editor'), { recursive: true });
    writeFileSync(path.join(dir, 'vendor', 'assets', 'components', 'editor', 'raw-files.js'), Buffer.from([0x76, 0x61, 0x72, 0x20, 0xc2, 0x80, 0xff, 0xfe, 0x0a]));
    mkdirSync(path.join(dir, 'vendor', 'assets', 'javascripts'), { recursive: true });
    writeFileSync(path.join(dir, 'vendor', 'assets', 'javascripts', 'own.js'), 'export const x = 1;\n');
    expect((await discoverFiles({ root: dir })).files).toEqual(['.bowerrc', 'db/V1__ok.sql', 'vendor/assets/javascripts/own.js']);
    // a .bowerrc that is no JSON, or points out of the repository, names nothing
    for (const bad of ['{ directory: ', '{ "directory": "../elsewhere" }', '{ "directory": 7 }']) {
      writeFileSync(path.join(dir, '.bowerrc'), bad);
      expect((await discoverFiles({ root: dir })).files).toContain('vendor/assets/components/editor/raw-files.js');
    }
    // a .bowerrc of a folder (one app of several, or the repository checked from the folder above) names a folder of its own
    mkdirSync(path.join(dir, 'apps', 'help', 'lib', 'components', 'x'), { recursive: true });
    writeFileSync(path.join(dir, 'apps', 'help', '.bowerrc'), '{ "directory": "lib/components" }');
    writeFileSync(path.join(dir, 'apps', 'help', 'lib', 'components', 'x', 'x.js'), 'var x;\n');
    writeFileSync(path.join(dir, 'apps', 'help', 'lib', 'own.js'), 'var y;\n');
    const files = (await discoverFiles({ root: dir })).files;
    expect(files.filter((f) => f.startsWith('apps/'))).toEqual(['apps/help/.bowerrc', 'apps/help/lib/own.js']);
  });

  it('writes nothing into the scanned repository', async () => {
    const dir = repo();
    cpSync(path.resolve('examples/sms-api'), path.join(dir, 'app'), { recursive: true });
    const before = (await discoverFiles({ root: dir })).files;
    await check({ root: dir, policyDir: POLICY, at: '2026-11-28' });
    expect((await discoverFiles({ root: dir })).files).toEqual(before);
  });
});

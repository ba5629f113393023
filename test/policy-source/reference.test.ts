/** Policy references (a table) and the unpacking of hostile archives. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPolicyReference, parsePolicyReference } from '../../src/policy-source/reference.js';
import { extractTar } from '../../src/policy-source/tar.js';

describe('parsePolicyReference', () => {
  const valid: Array<[string, Record<string, unknown>]> = [
    ['github:acme/privacy-policy@v2027-01-15', { kind: 'git', url: 'https://github.com/acme/privacy-policy.git', ref: 'v2027-01-15', path: '', github: { owner: 'acme', repo: 'privacy-policy' } }],
    ['github:acme/privacy-policy@v2027-01-15:legal/policy', { kind: 'git', ref: 'v2027-01-15', path: 'legal/policy' }],
    ['git+https://git.example.com/acme/privacy.git#v1', { kind: 'git', url: 'https://git.example.com/acme/privacy.git', ref: 'v1', path: '' }],
    ['git+ssh://git@git.example.com/acme/privacy.git#release/2027:policy/', { kind: 'git', ref: 'release/2027', path: 'policy' }],
    ['git+file:///srv/git/privacy.git#0123456789abcdef0123456789abcdef01234567', { kind: 'git', url: 'file:///srv/git/privacy.git', ref: '0123456789abcdef0123456789abcdef01234567' }],
    ['git://127.0.0.1:9418/privacy.git#v1', { kind: 'git', url: 'git://127.0.0.1:9418/privacy.git', ref: 'v1' }],
    ['npm:@acme/privacy-policy@^2027', { kind: 'npm', name: '@acme/privacy-policy', range: '^2027', path: '' }],
    ['npm:privacy-policy@>=1.2.0 <2:dist/policy', { kind: 'npm', name: 'privacy-policy', range: '>=1.2.0 <2', path: 'dist/policy' }],
  ];
  it.each(valid)('%s', (text, expected) => {
    expect(isPolicyReference(text)).toBe(true);
    expect(parsePolicyReference(text)).toMatchObject(expected);
  });

  it('uses GITHUB_SERVER_URL for github: on GitHub Enterprise', () => {
    expect(parsePolicyReference('github:acme/p@v1', 'https://ghe.example.com/').kind === 'git' && parsePolicyReference('github:acme/p@v1', 'https://ghe.example.com/')).toMatchObject({ url: 'https://ghe.example.com/acme/p.git' });
  });

  const invalid: Array<[string, RegExp]> = [
    ['github:acme@v1', /expected github:OWNER\/REPO@TAG/],
    ['github:acme/p', /name a tag/],
    ['git+https://example.com/p.git', /name a tag after "#"/],
    ['git+https://example.com/p.git#', /no tag/],
    ['git+https://example.com/p.git#--upload-pack=evil', /is not a git tag, branch or commit/],
    ['git+https://example.com/p.git#v1..v2', /is not a git tag/],
    ['git+ext://sh -c evil#v1', /git over ext is not supported/],
    ['git+https://example.com/p.git#v1:../../etc', /must be a plain path inside the source/],
    ['git+https://example.com/p.git#v1:/etc', /must be a plain path inside the source/],
    ['npm:@acme/privacy-policy', /name a version range/],
    ['npm:Not A Name@1', /is not an npm package name/],
    ['npm:pkg@-x', /is not a version range/],
    ['git+https://example.com/p.git#v1\n', /control characters/],
  ];
  it.each(invalid)('refuses %j', (text, message) => {
    expect(() => parsePolicyReference(text)).toThrow(message);
  });

  it('never echoes credentials written into a URL', () => {
    expect(() => parsePolicyReference('git+https://user:s3cret@example.com/p.git')).toThrow(/\/\/\*\*\*@example\.com/);
    expect(() => parsePolicyReference('git+https://user:s3cret@example.com/p.git')).not.toThrow(/s3cret/);
  });

  it('a folder is not a reference', () => {
    for (const p of ['policy', './policy', '../shared/policy', '/abs/policy', 'github.com/acme/p']) expect(isPolicyReference(p)).toBe(false);
  });
});

describe('extractTar', () => {
  /** A tar made by the system's tar from a folder the test builds. */
  function tarOf(build: (dir: string) => void, members = ['package']): Buffer {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-tar-'));
    build(dir);
    return execFileSync('tar', ['-c', '-f', '-', '-C', dir, ...members]);
  }

  it('unpacks files (no execute bits), strips npm\'s package/, keeps links that stay inside', async () => {
    const tar = tarOf((d) => {
      mkdirSync(path.join(d, 'package', 'policy'), { recursive: true });
      writeFileSync(path.join(d, 'package', 'policy', 'policy.yaml'), 'id: x\n', { mode: 0o755 });
      symlinkSync('policy/policy.yaml', path.join(d, 'package', 'alias.yaml'));
    });
    const dest = path.join(mkdtempSync(path.join(tmpdir(), 'policyproof-out-')), 'entry');
    await extractTar(tar, dest, { strip: 1, label: 't' });
    expect(readdirSync(dest).sort()).toEqual(['alias.yaml', 'policy']);
    expect((await import('node:fs')).statSync(path.join(dest, 'policy', 'policy.yaml')).mode & 0o111).toBe(0);
  });

  it('refuses a link out of the package, naming it', async () => {
    const tar = tarOf((d) => {
      mkdirSync(path.join(d, 'package'));
      symlinkSync('../../outside', path.join(d, 'package', 'leak'));
    });
    const dest = path.join(mkdtempSync(path.join(tmpdir(), 'policyproof-out-')), 'entry');
    await expect(extractTar(tar, dest, { strip: 1, label: 'npm:x@1' })).rejects.toThrow('npm:x@1: the symlink "leak" points out of the package (to "../../outside"); refused');
  });

  it('refuses a path that climbs out, and an archive that is not one', async () => {
    const tar = tarOf((d) => {
      mkdirSync(path.join(d, 'a'));
      writeFileSync(path.join(d, 'a', 'x'), 'x');
    }, ['a']);
    // rewrite the member's name to ../x and fix the header checksum, as a hostile archive would
    const header = Buffer.from(tar);
    const at = header.indexOf('a/x');
    header.write('../x\0', at, 'latin1');
    header.fill(0x20, at + 148, at + 156);
    let sum = 0;
    for (let i = at; i < at + 512; i++) sum += header[i];
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1');
    const dest = path.join(mkdtempSync(path.join(tmpdir(), 'policyproof-out-')), 'entry');
    await expect(extractTar(header, dest, { label: 't' })).rejects.toThrow('t: the entry "../x" points outside the package; refused');
    expect(existsSync(path.join(dest, '..', 'x'))).toBe(false);
    await expect(extractTar(Buffer.from('not a tar at all, just text'.padEnd(1024, '!')), dest, { label: 't' })).rejects.toThrow(/not a readable tar archive/);
    await expect(extractTar(Buffer.from([0x1f, 0x8b, 1, 2, 3]), dest, { label: 't' })).rejects.toThrow(/not a readable gzip archive/);
  });
});

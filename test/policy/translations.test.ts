import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { acceptTranslations, hashText, translationStatus } from '../../src/policy/translations.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'policyproof-tr-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copy(name: string): { root: string; version: string } {
  const root = path.join(tmp, name);
  cpSync(path.join(repo, 'policy'), path.join(root, 'policy'), { recursive: true });
  return { root, version: path.join(root, 'policy/versions/2018-05-20.yaml') };
}

describe('translations', () => {
  test('hashText is sha256 hex of the exact UTF-8 string', () => {
    expect(hashText('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashText('Trafikuppgifter')).not.toBe(hashText('Trafikuppgifter '));
    expect(hashText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('the real policy: every pair confirmed, and accept reproduces its lock byte for byte', async () => {
    const policy = await loadPolicy(path.join(repo, 'policy'), { root: repo });
    const status = translationStatus(policy);
    expect(status.length).toBeGreaterThan(20);
    expect(status.filter((s) => s.state !== 'confirmed')).toEqual([]);
    expect(acceptTranslations(policy).lock).toBe(readFileSync(path.join(repo, 'policy/translations.lock'), 'utf8'));
  });

  test('a checkout with CRLF line endings (git autocrlf) keeps every pair confirmed', async () => {
    const { root, version } = copy('crlf');
    writeFileSync(version, readFileSync(version, 'utf8').replace(/\n/g, '\r\n'));
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    expect(translationStatus(policy).filter((s) => s.state !== 'confirmed')).toEqual([]);
  });

  test('stale, unconfirmed and missing, then accept confirms what has both languages', async () => {
    const { root, version } = copy('states');
    const text = readFileSync(version, 'utf8');
    const edited = text
      // Swedish changed, English not: stale
      .replace('Lagring av data sker inom EU.', 'Lagring av data sker inom Sverige.')
      // English changed: unconfirmed
      .replace('      en: Customer details', '      en: Customer information')
      // English removed: missing
      .replace(/(  - id: debug-data\n    heading:\n      sv: Felsökningsdata\n      en: [^\n]*\n    text:\n      sv: \|-\n(?:        [^\n]*\n)+)      en: \|-\n(?:        [^\n]*\n)+/, '$1');
    expect(edited).not.toBe(text);
    writeFileSync(version, edited);
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    const states = translationStatus(policy)
      .filter((s) => s.state !== 'confirmed')
      .map((s) => `${s.state} ${s.key} ${s.file}:${(s.state === 'missing' ? s.sourceLocation : s.targetLocation).line}`);
    const lines = edited.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(states).toEqual([
      `unconfirmed sections.customer-data.heading policy/versions/2018-05-20.yaml:${lineOf('en: Customer information')}`,
      `missing sections.debug-data.text policy/versions/2018-05-20.yaml:${lineOf('Tillsammans med trafikuppgifterna') - 1}`,
      `stale sections.storage.text policy/versions/2018-05-20.yaml:${lineOf('Data is stored within the EU.') - 1}`,
    ]);

    const { lock, accepted } = acceptTranslations(policy);
    expect(accepted.map((a) => `${a.state} ${a.key}`)).toEqual(['unconfirmed sections.customer-data.heading', 'stale sections.storage.text']);
    expect(acceptTranslations(policy).lock).toBe(lock);
    writeFileSync(path.join(root, 'policy/translations.lock'), lock);
    const after = await loadPolicy(path.join(root, 'policy'), { root });
    expect(translationStatus(after).filter((s) => s.state !== 'confirmed').map((s) => `${s.state} ${s.key}`)).toEqual(['missing sections.debug-data.text']);
    const keys = lock.split('\n').filter((l) => l.startsWith('  - ')).map((l) => /key: ([^,]+)/.exec(l)![1]);
    expect(keys).toEqual([...keys].sort());
    expect(keys).not.toContain('sections.debug-data.text');
  });
});

/**
 * Adopting policyproof on another team's repository, through the CLI as a user runs it: init,
 * a policy in any language, errors a user can act on, translations one by one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-adopt-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const SCHEMA = `CREATE TABLE customers (\n  id serial PRIMARY KEY,\n  email text NOT NULL,\n  full_name text\n);\nCREATE TABLE access_log (\n  ip_address inet,\n  user_agent text\n);\nCREATE TABLE products (\n  id serial,\n  title text\n);\n`;

const DANISH_POLICY = `id: webshop\norganization: Webshop ApS\ntitle: {da: Privatlivspolitik, en: Privacy policy}\nlanguages: {authoritative: da, translations: [en]}\ntimezone: Europe/Copenhagen\n`;
const danishVersion = (days: number, daText = `Vi gemmer dit navn og din e-mail i ${days} dage efter din sidste ordre.`) =>
  [
    'version: 2026-01-15',
    'published: 2026-01-15',
    'effective: 2026-01-15',
    'sections:',
    '  - id: customers',
    '    heading: {da: Kundeoplysninger, en: Customer details}',
    '    text:',
    `      da: ${daText}`,
    `      en: We store your name and email for ${days} days after your last order.`,
    '    category:',
    '      holds: [email, name]',
    '      retention: {max: P30D}',
    '',
  ].join('\n');

describe('init', () => {
  it('writes the policy, config and workflow, proposes categories from the scan, and never overwrites', () => {
    const dir = project({ 'db/schema.sql': SCHEMA });
    const r = runCli(['init', '--organization', 'Webshop ApS', '--language', 'da', '--translations', 'en', '--timezone', 'Europe/Copenhagen', '--at', '2026-01-15'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['policy/policy.yaml', 'policy/versions/2026-01-15.yaml', 'policy/translations.lock', 'policyproof.yaml', '.github/workflows/policyproof.yml']) {
      expect(r.stdout).toContain(`wrote ${f}`);
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    const policy = readFileSync(path.join(dir, 'policy/policy.yaml'), 'utf8');
    expect(policy).toMatch(/title:\n {2}da: "Privatlivspolitik"\n {2}en: "Privacy policy"/);
    expect(policy).toMatch(/authoritative: da/);
    const version = readFileSync(path.join(dir, 'policy/versions/2026-01-15.yaml'), 'utf8');
    // tables grouped by the personal data they hold, as comments; products holds none
    expect(version).toMatch(/# found: table public\.customers \(db\/schema\.sql:1\)\n {2}# - id: customers\n/);
    expect(version).toMatch(/# {5}holds: \[email, name\]/);
    expect(version).toMatch(/# - id: access-log[\s\S]*# {5}holds: \[ip-address, user-agent\]/);
    expect(version).not.toMatch(/products/);
    // no retention is invented: the proposal leaves the number to write
    expect(version).not.toMatch(/^\s+retention:/m);
    const workflow = readFileSync(path.join(dir, '.github/workflows/policyproof.yml'), 'utf8');
    for (const uses of workflow.match(/uses: \S+/g)!.filter((u) => !u.includes('policyproof/policyproof'))) expect(uses).toMatch(/@[0-9a-f]{40}$/);
    expect(workflow).toMatch(/if: always\(\) && steps\.policyproof\.outputs\.sarif-file != ''/);

    // the new policy loads and validates as written
    const validate = runCli(['policy', 'validate', '--at', '2026-01-15'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);

    const again = runCli(['init', '--language', 'da'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/init: policy\/policy\.yaml exists; init never overwrites/);
    expect(readFileSync(path.join(dir, 'policy/policy.yaml'), 'utf8')).toBe(policy);
  });

  it('a language with no data file is exit 2 naming the file to add; nothing is written', () => {
    const dir = project({});
    const r = runCli(['init', '--language', 'pt-BR'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no language data for "pt-BR": add rules\/languages\/pt\.yaml/);
    expect(existsSync(path.join(dir, 'policy'))).toBe(false);
  });

  it('--from starts from an existing policy folder', () => {
    const dir = project({});
    const r = runCli(['init', '--from', 'bundled'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'policy/policy.yaml'), 'utf8')).toMatch(/authoritative: sv/);
    expect(existsSync(path.join(dir, 'policy/versions/2018-05-20.yaml'))).toBe(true);
  });
});

describe('a policy in Danish with an English translation', () => {
  it('checks words against rules with Danish units, and quotes the promise in Danish and English', () => {
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY, 'policy/versions/2026-01-15.yaml': danishVersion(45), 'policy/translations.lock': 'version: 1\npairs: []\n' });
    const r = runCli(['policy', 'validate', '--at', '2026-01-20', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; promise: Record<string, string> | null }> }).findings;
    const words = findings.filter((f) => f.ruleId === 'duration-mismatch').map((f) => f.message);
    expect(words).toEqual([
      `sections.customers.text.da of version 2026-01-15 says "45 dage" but the category's retention is max P30D`,
      `sections.customers.text.en of version 2026-01-15 says "45 days" but the category's retention is max P30D`,
    ]);
    expect(findings.filter((f) => f.ruleId === 'section-parity')).toEqual([]);
    const unconfirmed = findings.filter((f) => f.ruleId === 'translation-unconfirmed');
    expect(unconfirmed.map((f) => f.message)).toContain('the English sections.customers.text of version 2026-01-15 is not confirmed as a translation of the Danish (run policyproof translations accept customers.text once checked)');
    expect(Object.keys(unconfirmed[0]!.promise!)).toEqual(['da', 'en']);
  });

  it('every schema problem at once, each at file:line:column, and a language key the policy lacks has a did-you-mean', () => {
    const version = danishVersion(30).replace('      da: Vi gemmer', '      dk: Vi gemmer').replace('      holds: [email, name]', '      holds: [email, name]\n      keep: P1D').replace('effective: 2026-01-15', 'effective: 2026-01-15\nsumary: x');
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY.replace('timezone:', 'timezon: x\ntimezone:'), 'policy/versions/2026-01-15.yaml': version });
    const r = runCli(['policy', 'validate', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const error = (JSON.parse(r.stdout) as { error: { problems: Array<{ message: string; file: string; line: number; column: number }> } }).error;
    expect(error.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      'policy/policy.yaml:5:1: unknown key "timezon"; did you mean "timezone"? (allowed: id, organization, title, languages, pages, timezone, data-types)',
      'policy/versions/2026-01-15.yaml:4:1: unknown key "sumary"; did you mean "summary"? (allowed: version, published, effective, summary, sections)',
      'policy/versions/2026-01-15.yaml:13:7: unknown key "keep" in sections[0].category (allowed: holds, forbids, retention, promises)',
    ]);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(4);
    // the schema passes once fixed; then the foreign language key is named with the nearest tag
    const fixed = project({ 'policy/policy.yaml': DANISH_POLICY, 'policy/versions/2026-01-15.yaml': danishVersion(30).replace('      da: Vi gemmer', '      dk: Vi gemmer') });
    const f = runCli(['policy', 'validate'], { cwd: fixed });
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/policy\/versions\/2026-01-15\.yaml:8:7: sections\[0\]\.text: "dk" is not a language of this policy \(languages: da, en\); did you mean "da"\?/);
  });

  it('a language with no data file is exit 2 at its place in policy.yaml', () => {
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY.replace('translations: [en]', 'translations: [en, is]').replace('en: Privacy policy}', 'en: Privacy policy, is: Persónuvernd}'), 'policy/versions/2026-01-15.yaml': danishVersion(30) });
    const r = runCli(['policy', 'validate'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy\/policy\.yaml:4:51: no language data for "is": add rules\/languages\/is\.yaml/);
  });
});

describe('translations one by one', () => {
  it('status shows the authoritative word diff since confirmation; accept names what it confirms', () => {
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY, 'policy/versions/2026-01-15.yaml': danishVersion(30), 'policy/translations.lock': 'version: 1\npairs: []\n' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    const none = runCli(['translations', 'accept'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/name what you have reviewed \(customers\.heading customers\.text title\), or --all/);
    const typo = runCli(['translations', 'accept', 'custommers'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/"custommers" names no text of the policy; did you mean "customers"\?/);

    const accepted = runCli(['translations', 'accept', 'customers.text'], { cwd: dir });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toBe('confirmed 2026-01-15 sections.customers.text (da → en; was unconfirmed)\nwrote policy/translations.lock (1 confirmed)\n');
    const lock = readFileSync(path.join(dir, 'policy/translations.lock'), 'utf8');
    expect(lock).toMatch(/- \{version: 2026-01-15, key: sections\.customers\.text, da: [0-9a-f]{64}, en: [0-9a-f]{64}\}/);
    git('add', '-A');
    git('commit', '-qm', 'policy');

    // the Danish changes, the English does not: stale, with the Danish change shown
    writeFileSync(path.join(dir, 'policy/versions/2026-01-15.yaml'), danishVersion(30, 'Vi gemmer dit navn og din e-mail i 30 dage efter din seneste ordre.'));
    const status = runCli(['translations', 'status'], { cwd: dir });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('stale       2026-01-15 sections.customers.text (en)  policy/versions/2026-01-15.yaml:9\n');
    expect(status.stdout).toContain('da since confirmed: Vi gemmer dit navn og din e-mail i 30 dage efter din [-sidste-]{+seneste+} ordre.\n');
    // published on 2026-01-15: a stale translation of a published version is an error
    const check = runCli(['policy', 'validate', '--at', '2026-02-01'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/error +the Danish sections\.customers\.text of published version 2026-01-15 changed after its English translation was confirmed.*translation-stale/);
    // in a version not yet published it is still a draft: a warning
    const draft = runCli(['policy', 'validate', '--at', '2026-01-10'], { cwd: dir });
    expect(draft.stdout).toMatch(/warning +the Danish sections\.customers\.text of version 2026-01-15 \(not yet published\) changed after its English translation was confirmed.*translation-unconfirmed/);
  });
});

describe('errors a user can act on', () => {
  it('finds the policy from a subfolder; a missing PATH is exit 2; no policy names where it looked', () => {
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY, 'policy/versions/2026-01-15.yaml': danishVersion(30), 'src/deep/x.ts': 'export const a = 1;\n' });
    const sub = path.join(dir, 'src/deep');
    const r = runCli(['check', '--at', '2026-01-20'], { cwd: sub });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^policy webshop — version 2026-01-15 in force on 2026-01-20/);
    const missing = runCli(['check', '../missing', '--format', 'json'], { cwd: sub });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { kind: 'UsageError', message: '../missing: no such file or folder', file: null, line: null, column: null } });
    const empty = project({ 'src/a.ts': '' });
    const none = runCli(['check'], { cwd: path.join(empty, 'src') });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('policyproof: no policy found: looked for policy/policy.yaml and policyproof.yaml in ., .. (up to the repository root); run policyproof init to write one, or pass --policy DIR\n');
  });

  it('an @category naming a category the policy lacks suggests the nearest', () => {
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY, 'policy/versions/2026-01-15.yaml': danishVersion(30), 'db/s.sql': '-- @category customer\nCREATE TABLE c (id int);\n' });
    const r = runCli(['check', '--at', '2026-01-20'], { cwd: dir });
    expect(r.stdout).toMatch(/@category names category "customer", which policy version 2026-01-15 does not have; did you mean "customers"\?/);
  });
});

describe('a finding that holds for several versions', () => {
  it('is one finding naming them, at the first', () => {
    const later = danishVersion(30)
      .replace(/2026-01-15/g, '2026-03-01')
      .replace('published: 2026-03-01', 'published: 2026-01-20')
      .replace('sections:', 'summary: {da: Ingen ændringer i teksten., en: No change to the text.}\nsections:');
    const dir = project({ 'policy/policy.yaml': DANISH_POLICY, 'policy/versions/2026-01-15.yaml': danishVersion(30), 'policy/versions/2026-03-01.yaml': later });
    const r = runCli(['policy', 'validate', '--at', '2026-01-25', '--format', 'json'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string; file: string }> }).findings.filter((f) => f.message.includes('sections.customers.text'));
    expect(findings.map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ['translation-unconfirmed', 'policy/versions/2026-01-15.yaml', 'the English sections.customers.text of versions 2026-01-15, 2026-03-01 is not confirmed as a translation of the Danish (run policyproof translations accept customers.text once checked)'],
    ]);
  });
});

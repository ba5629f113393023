/** policyproof.yaml as users write it: extra data types and resources work, mistakes name file:line. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

function repo(config: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-config-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'db', 'V1__staff.sql'), 'CREATE TABLE staff (id bigint, badge_number text, tax_ref badge_t, kundpasserkort text);\n');
  writeFileSync(path.join(dir, 'policyproof.yaml'), config);
  return dir;
}

const check = (dir: string) => runCli(['check', 'db', '--at', '2026-11-28', '--format', 'json'], { cwd: dir });

/** A data type `badge-number` in policyproof.yaml with the given extra lines, and the columns it finds in `sql`. */
function badgeColumns(extra: string[], sql: string): string[] {
  const dir = repo(['data-types:', '  - id: badge-number', '    patterns: [badge number]', ...extra, ''].join('\n'));
  writeFileSync(path.join(dir, 'db', 'V2__badges.sql'), sql);
  return (JSON.parse(check(dir).stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings
    .filter((f) => f.ruleId === 'unclassified-personal-data').map((f) => f.message.split(' looks like')[0]);
}

describe('data-types in policyproof.yaml', () => {
  it('are read in the format of rules/data-types.yaml: name patterns, a *suffix pattern and SQL types classify columns', () => {
    const dir = repo([
      'data-types:',
      '  - id: badge-number',
      '    name: {en: Badge number, sv: Passerkortsnummer}',
      '    patterns: [badge number, "*passerkort"]',
      '    sql-types: [badge_t]',
      '',
    ].join('\n'));
    const r = check(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const unclassified = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings
      .filter((f) => f.ruleId === 'unclassified-personal-data')
      .map((f) => f.message);
    expect(unclassified).toEqual([
      expect.stringMatching(/^column public\.staff\.badge_number .*Badge number \("badge number"\)/),
      expect.stringMatching(/^column public\.staff\.tax_ref .*Badge number \(SQL type\)/),
      expect.stringMatching(/^column public\.staff\.kundpasserkort .*Badge number/),
    ]);
  });

  it('take the context keys of rules/data-types.yaml: a bare word counts only in a table of people', () => {
    const found = badgeColumns(['    only-in-context: {person: [badge]}'], 'CREATE TABLE doors (id bigint, badge text);\nCREATE TABLE employees (id bigint, badge text);\n');
    expect(found).toContain('column public.employees.badge');
    expect(found).not.toContain('column public.doors.badge');
    const bad = check(repo('data-types:\n  - id: badge-number\n    patterns: [badge number]\n    in-context: [badge]\n'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/policyproof\.yaml:2:5: data type "badge-number": "in-context" must map a context/);
  });

  it('take whole-name: a word that counts in any table, but only as the whole name', () => {
    const found = badgeColumns(['    whole-name: [badge]'], 'CREATE TABLE doors (id bigint, badge text, badge_reader text);\n');
    expect(found).toContain('column public.doors.badge');
    expect(found).not.toContain('column public.doors.badge_reader');
  });

  it('take not-sql-types: a declared type that never holds the data, whatever the name says', () => {
    const found = badgeColumns(['    not-sql-types: [integer]'], 'CREATE TABLE employees (id bigint, badge_number integer);\nCREATE TABLE visitors (id bigint, badge_number text);\n');
    expect(found).toContain('column public.visitors.badge_number');
    expect(found).not.toContain('column public.employees.badge_number');
  });

  it.each([
    ['data-types:\n  - id: badge-number\n    pattern: [badge number]\n', /^policyproof: policyproof\.yaml:2:5: data type has an unknown key "pattern"/],
    ['data-types:\n  - id: badge-number\n    name: {en: Badge}\n', /policyproof\.yaml:2:5: data type "badge-number" needs "patterns"/],
    ['data-types:\n  - id: ok\n    patterns: [ok]\n  - id: bad\n    patterns: 3\n', /policyproof\.yaml:4:5: data type "bad": "patterns" must be a list/],
    ['data-types:\n  - id: Badge Number\n    patterns: [x]\n', /policyproof\.yaml:2:5: data type needs an "id" of lower-case letters/],
    ['data-types: {id: x}\n', /policyproof\.yaml:1:13: "data-types" must be a list of data types/],
  ])('a wrong entry is exit 2 with file:line: %j', (config, expected) => {
    const r = check(repo(config));
    expect(r.code).toBe(2);
    // run with --format json: the error object on stdout, the one line on stderr
    expect((JSON.parse(r.stdout) as { error: { kind: string; message: string } }).error).toMatchObject({ kind: 'ConfigError', message: expect.stringContaining('policyproof.yaml:') });
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(expected);
  });
});

describe('resources in policyproof.yaml', () => {
  it('a mapping the catalogue cannot read is exit 2 at its item, not silently ignored', () => {
    const r = check(repo('resources:\n  - provider: aws\n    resources:\n      aws_thing: {kind: bucket}\n  - resources: {}\n'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('policyproof: policyproof.yaml:5:5: resources[1]: "provider" is required (aws, gcp, azure, hetzner …)');
  });

  it('a valid mapping is accepted', () => {
    const r = check(repo('resources:\n  - provider: aws\n    resources:\n      aws_thing: {kind: bucket, retention: {attribute: keep_days, unit: d}}\n'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});

describe('rule ids, dates and formats in policyproof.yaml', () => {
  it.each([
    ['rules:\n  retention-unknown: off\n  retention-unknwn: off\n', 'policyproof.yaml:3:3: no rule "retention-unknwn"; did you mean "retention-unknown"?'],
    ['no-inline-suppressions: [retention-missing, forbiden-data-type]\n', 'policyproof.yaml:1:45: no rule "forbiden-data-type"; did you mean "forbidden-data-type"?'],
    ['fial-on: warning\n', 'policyproof.yaml:1:1: unknown key "fial-on"; did you mean "fail-on"?'],
    ['at: 2026-02-30\n', 'policyproof.yaml:1:5: "at" must be a calendar date, YYYY-MM-DD'],
    ['format: [json, xml]\n', 'policyproof.yaml:1:16: format "xml" is not one of stylish, json, sarif, markdown, github'],
  ])('%j → exit 2', (config, expected) => {
    const dir = repo(config);
    const r = runCli(['check', 'db', '--at', '2026-11-28'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`policyproof: ${expected}`);
  });

  it('a typo in a rule id is caught by config too, which prints nothing else', () => {
    const r = runCli(['config'], { cwd: repo('rules: {retention-unknwn: off}\n') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

/** Living with findings: configuration, suppressions, baseline, --changed-only, inventory (issue 8). */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

const IMPLEMENTS = [
  '/** @implements traffic-history.delete */ export function a() {}',
  '/** @implements traffic-history.configure */ export function b() {}',
  '/** @implements traffic-history.disable */ export function c() {}',
  '/** @implements monthly-reports.delete */ export function d() {}',
  '/** @implements monthly-reports.disable */ export function e() {}',
  '',
].join('\n');

/** A repository with the real policy, every promise implemented, and the given migration. */
function repo(migration: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-adopt-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'promises.ts'), IMPLEMENTS);
  writeFileSync(path.join(dir, 'db', 'migrations', 'V1__init.sql'), migration);
  return dir;
}

const json = (dir: string, ...args: string[]) => {
  const r = runCli(['check', '--at', '2026-11-28', '--format', 'json', ...args], { cwd: dir });
  return { ...r, out: JSON.parse(r.stdout || '{"findings":[]}') as { findings: Array<{ ruleId: string; line: number; file: string; severity: string; suppressed: null | { justification: string } }> } };
};

const DEBUG_NO_JOB = '-- @category debug-data\nCREATE TABLE debug_log (id bigserial, message text, created_at timestamptz);\n';

describe('policyproof.yaml', () => {
  it('sets rule severities, and a flag wins over the file', () => {
    const dir = repo(DEBUG_NO_JOB);
    expect(json(dir).code).toBe(1);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'rules:\n  retention-missing: warning\nfail-on: error\n');
    const relaxed = json(dir);
    expect(relaxed.out.findings.find((f) => f.ruleId === 'retention-missing')?.severity).toBe('warning');
    expect(relaxed.code).toBe(0);
    expect(json(dir, '--fail-on', 'warning').code).toBe(1);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'rules:\n  retention-missing: "off"\n');
    expect(json(dir).out.findings.map((f) => f.ruleId)).not.toContain('retention-missing');
  });

  it('filters files with include/exclude globs', () => {
    const dir = repo(DEBUG_NO_JOB);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'exclude: ["db/**"]\n');
    expect(json(dir).out.findings.map((f) => f.ruleId)).not.toContain('retention-missing');
  });

  it('refuses unknown keys and wrong types with file:line and exit 2', () => {
    const dir = repo(DEBUG_NO_JOB);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'rules:\n  retention-missing: warning\nfial-on: error\n');
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policyproof\.yaml:3:1: unknown key "fial-on"/);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'fail-on: [error]\n');
    const t = runCli(['check'], { cwd: dir });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/policyproof\.yaml:1:\d+: "fail-on" must be one of note, warning, error/);
  });

  it('prints the effective configuration, never a database password', () => {
    const dir = repo(DEBUG_NO_JOB);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'database-url: postgres://app:s3cret@db.example/app\n');
    const r = runCli(['config', '--fail-on', 'warning'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fail-on: warning/);
    expect(r.stdout).not.toMatch(/s3cret/);
  });

  it('forbids inline suppressions for the rules the config names', () => {
    const dir = repo('-- @category debug-data\n-- @policy-ignore retention-missing -- cleaned by hand\nCREATE TABLE debug_log (id bigserial, created_at timestamptz);\n');
    expect(json(dir).code).toBe(0);
    writeFileSync(path.join(dir, 'policyproof.yaml'), 'no-inline-suppressions: [retention-missing]\n');
    const r = json(dir);
    expect(r.out.findings.filter((f) => !f.suppressed).map((f) => f.ruleId)).toEqual(expect.arrayContaining(['retention-missing', 'invalid-suppression']));
    expect(r.code).toBe(1);
  });
});

describe('suppressions', () => {
  it('are kept in JSON and SARIF with their justification, and do not fail the run', () => {
    const dir = repo('-- @category debug-data\n-- @policy-ignore retention-missing -- rows expire through the partition manager, OPS-12\nCREATE TABLE debug_log (id bigserial, created_at timestamptz);\n');
    const r = json(dir);
    expect(r.code).toBe(0);
    const f = r.out.findings.find((x) => x.ruleId === 'retention-missing');
    expect(f?.suppressed?.justification).toBe('rows expire through the partition manager, OPS-12');
    const sarifFile = path.join(dir, 'out.sarif');
    runCli(['check', '--at', '2026-11-28', '--format', `sarif=${sarifFile}`], { cwd: dir });
    const result = JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'retention-missing');
    expect(result.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'rows expire through the partition manager, OPS-12' }]);
  });

  it('reports a suppression that suppresses nothing when asked', () => {
    const dir = repo("-- @category debug-data\n-- @policy-ignore retention-missing -- handled elsewhere\nCREATE TABLE debug_log (id bigserial, created_at timestamptz);\nSELECT add_retention_policy('debug_log', INTERVAL '14 days');\n");
    expect(json(dir).out.findings.map((f) => f.ruleId)).not.toContain('unused-suppression');
    const r = json(dir, '--report-unused-suppressions');
    expect(r.out.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.line)).toEqual([2]);
  });
});

describe('baseline', () => {
  it('records findings by rule, file and store, and stays valid when lines move', () => {
    const dir = repo(DEBUG_NO_JOB);
    const baseline = path.join(dir, 'baseline.json');
    const first = runCli(['check', '--at', '2026-11-28', '--write-baseline', baseline], { cwd: dir });
    expect(first.code).toBe(1);
    const recorded = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(recorded.findings.map((f: { rule: string }) => f.rule)).toContain('retention-missing');
    expect(JSON.stringify(recorded)).not.toMatch(/"line"/);
    // Lines move: three new lines above the table.
    writeFileSync(path.join(dir, 'db', 'migrations', 'V1__init.sql'), `-- a note\n-- another\n\n${DEBUG_NO_JOB}`);
    const again = json(dir, '--baseline', baseline);
    expect(again.code).toBe(0);
    expect(again.out.findings.filter((f) => !f.suppressed && f.severity === 'error')).toEqual([]);
    // A new problem is reported.
    writeFileSync(path.join(dir, 'db', 'migrations', 'V2__more.sql'), '-- @category debug-data\nCREATE TABLE debug_more (id bigserial, created_at timestamptz);\n');
    const added = json(dir, '--baseline', baseline);
    expect(added.code).toBe(1);
    expect(added.out.findings.filter((f) => !f.suppressed && f.severity === 'error').map((f) => f.file)).toEqual(['db/migrations/V2__more.sql']);
    // A fixed finding drops out of the next baseline.
    writeFileSync(path.join(dir, 'db', 'migrations', 'V1__init.sql'), `${DEBUG_NO_JOB}SELECT add_retention_policy('debug_log', INTERVAL '14 days');\n`);
    runCli(['check', '--at', '2026-11-28', '--write-baseline', baseline], { cwd: dir });
    const rewritten = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(rewritten.findings.map((f: { store?: string }) => f.store)).not.toContain('sql:table:public.debug_log');
  });

  it('refuses a baseline from a newer format with exit 2', () => {
    const dir = repo(DEBUG_NO_JOB);
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ tool: 'policyproof', format: 99, findings: [] }));
    const r = runCli(['check', '--baseline', 'b.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/format 99 is newer/);
  });
});

describe('--changed-only', () => {
  it('analyses everything and reports only the files the change touches', () => {
    const dir = repo(DEBUG_NO_JOB);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
    writeFileSync(path.join(dir, 'db', 'migrations', 'V2__more.sql'), '-- @category debug-data\nCREATE TABLE debug_more (id bigserial, created_at timestamptz);\n');
    const all = json(dir);
    expect(new Set(all.out.findings.filter((f) => f.ruleId === 'retention-missing').map((f) => f.file))).toEqual(new Set(['db/migrations/V1__init.sql', 'db/migrations/V2__more.sql']));
    const changed = json(dir, '--changed-only', '--base', 'main');
    expect(changed.out.findings.map((f) => f.file)).toEqual(['db/migrations/V2__more.sql']);
  });
});

describe('inventory', () => {
  it('lists every store by category with how it was decided, in markdown, json and csv', () => {
    const dir = repo("-- @category traffic-data\nCREATE TABLE traffic_log (id bigserial, client_ip inet, created_at timestamptz);\nSELECT add_retention_policy('traffic_log', INTERVAL '60 days');\nCREATE TABLE contacts (id bigserial, email text, email_change_token text);\n");
    const md = runCli(['inventory', '--at', '2026-11-28'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/## traffic-data — Traffic data/);
    expect(md.stdout).toMatch(/## No category/);
    const j = JSON.parse(runCli(['inventory', '--at', '2026-11-28', '--format', 'json'], { cwd: dir }).stdout);
    const log = j.stores.find((s: { store: string }) => s.store === 'public.traffic_log');
    expect(log.category).toBe('traffic-data');
    expect(log.categoryDecidedBy).toMatch(/annotation @ db\/migrations\/V1__init\.sql:1/);
    expect(log.retention).toBe('max 60 days');
    const ip = j.stores.find((s: { store: string }) => s.store === 'public.traffic_log.client_ip');
    expect(ip.dataTypes).toMatch(/ip-address/);
    const email = j.stores.find((s: { store: string }) => s.store === 'public.contacts.email');
    expect(email.category).toBe('(none)');
    expect(email.classifier).toBe('email: name "email"');
    const token = j.stores.find((s: { store: string }) => s.store === 'public.contacts.email_change_token');
    expect(token.dataTypes).toBe('');
    expect(token.classifier).toBe('ruled out: email: "email change token" holds something about it ("token"), not the email itself');
    const csv = runCli(['inventory', '--at', '2026-11-28', '--format', 'csv'], { cwd: dir }).stdout.split('\n');
    expect(csv[0]).toBe('category,store,kind,source,location,category decided by,data types,retention,retention evidence,jurisdiction,classifier');
    expect(csv.length).toBeGreaterThan(3);
  });
});

import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

function tempRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-cli-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  return dir;
}

describe('policyproof CLI', () => {
  it('prints its version', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });

  it('checks the bundled example and reports findings with exit 1', () => {
    const r = runCli(['check', 'examples/sms-api']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/version 2018-05-20 in force/);
    expect(r.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?/);
  });

  it('exits 0 on a compliant repository, and 1 when --fail-on lowers the bar to warnings', () => {
    const dir = tempRepo();
    mkdirSync(path.join(dir, 'migrations'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'migrations', 'V1__debug.sql'), '-- @category debug-data\nCREATE TABLE debug_log (id bigint, message text, created_at timestamptz);\n' +
      "SELECT cron.schedule('purge-debug', '0 3 * * *', $$DELETE FROM debug_log WHERE created_at < now() - interval '14 days'$$);\n");
    writeFileSync(path.join(dir, 'src', 'history.ts'), [
      '/** @implements traffic-history.delete */', 'export function deleteEntry(id: string) { return id; }',
      '/** @implements traffic-history.configure */', 'export function setRetention(days: number) { return days; }',
      '/** @implements traffic-history.disable */', 'export function disableHistory() { return true; }',
      '/** @implements monthly-reports.delete */', 'export function deleteReport(id: string) { return id; }',
      '/** @implements monthly-reports.disable */', 'export function disableReports() { return true; }', '',
    ].join('\n'));
    const ok = runCli(['check', '--at', '2026-11-28', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(ok.stdout);
    expect(json.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(ok.code).toBe(0);
    // The policy's own gaps (categories with no stated retention) are warnings.
    const strict = runCli(['check', '--at', '2026-11-28', '--fail-on', 'warning'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/category-without-retention/);
  });

  it('gives exit 2 and one line for a missing policy folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-empty-'));
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/policy/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('gives exit 2 for an unknown flag, command or format', () => {
    expect(runCli(['check', '--nope']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
    const f = runCli(['check', '--format', 'xml']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/unknown format "xml"/);
  });

  it('writes several formats in one run and the same bytes every run', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'policyproof-out-'));
    const args = ['check', 'examples/sms-api', '--at', '2026-11-28', '--format', `sarif=${out}/a.sarif`, '--format', `json=${out}/a.json`, '--format', 'markdown'];
    const a = runCli(args);
    const sarifA = readFileSync(`${out}/a.sarif`, 'utf8');
    const jsonA = readFileSync(`${out}/a.json`, 'utf8');
    const b = runCli(args);
    expect(a.stdout).toBe(b.stdout);
    expect(readFileSync(`${out}/a.sarif`, 'utf8')).toBe(sarifA);
    expect(readFileSync(`${out}/a.json`, 'utf8')).toBe(jsonA);
    expect(a.stdout).toMatch(/^## policyproof/);
    expect(JSON.parse(jsonA).findings.length).toBeGreaterThan(0);
  });

  it('honours NO_COLOR and colours only a terminal', () => {
    const r = runCli(['check', 'examples/sms-api'], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } });
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('lists every rule with its documentation', () => {
    const r = runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as Array<{ id: string; docs: { description: string; help: string } }>;
    for (const id of ['notice-too-short', 'retention-exceeds-max', 'forbidden-data-type', 'promise-not-implemented', 'storage-outside-jurisdiction']) {
      expect(rules.map((x) => x.id)).toContain(id);
    }
    for (const rule of rules) expect(rule.docs.description.length).toBeGreaterThan(10);
  });

  it('validates the real policy: its first version needs no notice, its gaps are warnings', () => {
    const r = runCli(['policy', 'validate', '--at', '2026-11-28', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    const rules = json.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(rules).not.toContain('notice-too-short');
    expect(json.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(rules).toContain('category-without-retention');
    expect(r.code).toBe(0);
  });

  it('prints the timeline', () => {
    const r = runCli(['policy', 'timeline', '--at', '2026-11-28']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2018-05-20\s+2018-05-10\s+2018-05-20\s+—\s+in-force/);
  });
});

describe('SARIF', () => {
  it("passes Microsoft's SARIF validator, also with GitHub's rules", () => {
    const out = mkdtempSync(path.join(tmpdir(), 'policyproof-sarif-'));
    const file = path.join(out, 'check.sarif');
    runCli(['check', 'examples/sms-api', '--at', '2026-11-28', '--format', `sarif=${file}`]);
    const sarif = JSON.parse(readFileSync(file, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\/|^file:/);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
      expect(r.partialFingerprints['policyproof/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
    const tool = path.join(REPO, 'node_modules/.bin/sarif-multitool');
    for (const extra of [[], ['--rule-kind', 'Gh']]) {
      const log = path.join(out, `validation${extra.length}.sarif`);
      const v = spawnSync(tool, ['validate', file, '--output', log, '--log', 'ForceOverwrite', ...extra], { encoding: 'utf8' });
      const validation = JSON.parse(readFileSync(log, 'utf8'));
      const errors = validation.runs[0].results.filter((x: { level?: string }) => x.level === 'error');
      expect(errors.map((e: { message: { text?: string; id?: string } }) => JSON.stringify(e.message)), v.stdout).toEqual([]);
    }
  });
});

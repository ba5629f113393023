/**
 * The bundled example checked out on Windows (`core.autocrlf=true`: every line ends CRLF) gives
 * exactly the findings of the LF checkout: same rule, file, line and column, same count.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

const EXAMPLE = path.join(REPO, 'examples/sms-api');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function findings(dir: string): string[] {
  const run = runCli(['check', '.', '--policy', path.join(REPO, 'policy'), '--format', 'json', '--at', '2026-11-28'], { cwd: dir, timeout: 60_000 });
  expect(run.code, run.stderr).toBe(1);
  const json = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; file?: string; line?: number; column?: number; message: string }> };
  return json.findings.map((f) => `${f.ruleId} ${f.file ?? '-'}:${f.line ?? 0}:${f.column ?? 0} ${f.message}`);
}

beforeAll(ensureBuilt);

it('examples/sms-api with CRLF line endings gives the same findings as with LF', () => {
  const lf = mkdtempSync(path.join(tmpdir(), 'policyproof-lf-'));
  const crlf = mkdtempSync(path.join(tmpdir(), 'policyproof-crlf-'));
  cpSync(EXAMPLE, lf, { recursive: true });
  cpSync(EXAMPLE, crlf, { recursive: true });
  let converted = 0;
  for (const file of filesUnder(crlf)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('\n')) continue;
    writeFileSync(file, text.replace(/\r?\n/g, '\r\n'));
    converted++;
  }
  expect(converted).toBeGreaterThan(20);
  const expected = findings(lf);
  expect(expected.filter((f) => !f.startsWith('category-without-retention') && !f.startsWith('promise-not-implemented')).length).toBeGreaterThanOrEqual(6);
  expect(findings(crlf)).toEqual(expected);
});

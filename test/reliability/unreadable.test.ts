/**
 * Unreadable is not clean (issue 11, item 5): a file that could not be read where the repository
 * says it holds policy data fails the default `--fail-on error`, and the summary says how many
 * files could not be read.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(ensureBuilt);

function repo(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-unreadable-'));
  for (const [file, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), body);
  }
  return dir;
}

const check = (dir: string) => runCli(['check', '.', '--policy', path.join(REPO, 'policy'), '--at', '2026-11-28', '--fail-on', 'error'], { cwd: dir });

it('a broken file that holds a policy tag is an error, and the summary counts it', () => {
  const dir = repo({
    'db/V1__stats.sql': '-- @category statistics\nCREATE TABLE daily_stats (id bigint, sender_phone_number text;\n',
    'db/V2__notes.sql': 'CREATE TABLE notes (id bigint, body text;\n',
  });
  const run = check(dir);
  expect(run.code).toBe(1);
  const lines = run.stdout.split('\n');
  expect(lines.find((l) => l.includes('db/V1__stats.sql could not be parsed'))).toMatch(/\berror\b/);
  expect(lines.find((l) => l.includes('db/V2__notes.sql could not be parsed'))).toMatch(/\bwarning\b/);
  expect(lines.at(-2)).toMatch(/; 2 files could not be read$/);
});

it('a file a category annotation points at (the folder of an annotated Terraform module) that cannot be parsed is an error', () => {
  const dir = repo({
    'main.tf': '# @category debug-data\nmodule "logs" {\n  source = "./modules/logs"\n}\n',
    'modules/logs/main.tf': 'resource "aws_cloudwatch_log_group" "x" {\n  name =\n}\n',
    'modules/other/main.tf': 'resource "aws_cloudwatch_log_group" "y" {\n  name =\n}\n',
  });
  const run = check(dir);
  const line = (file: string) => run.stdout.split('\n').find((l) => l.includes(`${file} could not be parsed`));
  expect(line('modules/logs/main.tf'), run.stdout).toMatch(/\berror\b/);
  expect(line('modules/other/main.tf'), run.stdout).toMatch(/\bwarning\b/);
});

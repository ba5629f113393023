/** The README is true: its commands run as written, and its sample output is what the CLI prints. */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The fenced blocks that follow a heading or bold lead-in. */
function blockAfter(marker: string): string {
  const start = README.indexOf(marker);
  expect(start, `README has "${marker}"`).toBeGreaterThanOrEqual(0);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(start));
  expect(m, `a code block after "${marker}"`).not.toBeNull();
  return m![1];
}

/** `npx policyproof …` lines of a block, as argument lists (comments dropped). */
function commands(block: string): string[][] {
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx policyproof '))
    .map((l) => l.slice('npx policyproof '.length).split(/\s+/));
}

function sandbox(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-readme-'));
  cpSync(path.join(REPO, 'policy'), path.join(dir, 'policy'), { recursive: true });
  cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  return dir;
}

describe('README', () => {
  it('"Five minutes with the example": every command runs as written, without a usage error', () => {
    const dir = sandbox();
    const list = commands(blockAfter('## Five minutes with the example'));
    expect(list.length).toBeGreaterThanOrEqual(5);
    for (const args of list) {
      const r = runCli(args, { cwd: dir });
      expect([0, 1], `policyproof ${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      expect(r.stdout.length, `policyproof ${args.join(' ')} prints something`).toBeGreaterThan(0);
      expect(r.stderr.split('\n').filter((l) => l && !/^policyproof: wrote /.test(l))).toEqual([]);
    }
    expect(existsSync(path.join(dir, 'policyproof.sarif'))).toBe(true);
    expect(existsSync(path.join(dir, 'site', 'sv', 'index.html'))).toBe(true);
    expect(existsSync(path.join(dir, 'site', 'en', 'index.html'))).toBe(true);
  });

  it('the sample output under "Fix a finding" is what check prints today (update the README when it changes)', () => {
    const sample = blockAfter('**Fix a finding.**').split('\n').filter((l) => l.trim() !== '');
    const r = runCli(['check', 'examples/sms-api', '--at', '2026-11-28']);
    expect(r.code, r.stderr).toBe(1);
    const printed = r.stdout.split('\n');
    for (const line of sample) expect(printed, 'README sample line').toContain(line);
    // In the same order as printed.
    const positions = sample.map((l) => printed.indexOf(l));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('"Command line": every command listed has help', () => {
    const block = blockAfter('## Command line');
    const names = new Set(block.split('\n').map((l) => /^policyproof ([a-z]+)/.exec(l)?.[1]).filter((n): n is string => Boolean(n) && n !== 'COMMAND'));
    expect([...names].sort()).toEqual(['check', 'config', 'init', 'inventory', 'policy', 'publish', 'rules', 'translations']);
    for (const name of names) {
      const r = runCli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: policyproof ${name}`));
    }
  });

  it('"Publishing a new policy version": new, accept, validate run as written; validate asks for the summary', () => {
    const dir = sandbox();
    const list = commands(blockAfter('## Publishing a new policy version'));
    expect(list.map((a) => a.join(' '))).toEqual(['policy new', 'translations accept --all', 'policy validate']);
    const [created, accepted, validated] = list.map((args) => runCli(args, { cwd: dir }));
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Wrote policy\/versions\/\d{4}-\d{2}-\d{2}\.yaml/);
    expect(accepted.code).toBe(0);
    // Without the edit the README asks for, the new version has no summary yet.
    expect(validated.code).toBe(1);
    expect(validated.stdout).toMatch(/missing-summary/);
  });
});

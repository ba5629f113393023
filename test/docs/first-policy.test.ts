/**
 * docs/policy-format.md is generated from the schemas (fresh), and its walk-through "Your first
 * policy" (docs/first-policy.md) runs as written in an empty git repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPolicyFormat } from '../../src/docs/policy-format.js';
import { CLI, ensureBuilt, REPO } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const read = (rel: string) => readFileSync(path.join(REPO, rel), 'utf8');

describe('docs/policy-format.md', () => {
  it('is what npm run docs generates from the schemas and the walk-through', () => {
    const schema = (name: string) => JSON.parse(read(`schemas/${name}.schema.json`));
    const expected = renderPolicyFormat({ policy: schema('policy'), version: schema('version'), language: schema('language') }, read('docs/first-policy.md'));
    expect(read('docs/policy-format.md'), 'docs/policy-format.md is stale: run npm run build && npm run docs').toBe(expected);
  });

  it('names every key of every schema', () => {
    const page = read('docs/policy-format.md');
    for (const key of ['`timezone`', '`languages.translations`', '`data-types[].sql-types`', '`sections[].category.retention.until`', '`sections[].notice`', '`numbers.compounds`', '`units.day`', '`keeps`']) expect(page).toContain(key);
  });

  it('"Your first policy" runs as written', () => {
    const walkthrough = read('docs/first-policy.md');
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-first-'));
    dirs.push(dir);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const runs: Array<{ line: string; code: number | null; stdout: string; stderr: string }> = [];
    for (const m of walkthrough.matchAll(/```([a-z]*)\n([\s\S]*?)```/g)) {
      const [, lang, body] = m as unknown as [string, string, string];
      if (lang === 'yaml') {
        const rel = /^# (\S+)\n/.exec(body)![1]!;
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), body);
      } else if (lang === 'sh') {
        for (const line of body.split('\n').filter((l) => l.startsWith('npx policyproof '))) {
          const r = spawnSync('sh', ['-c', line.replace(/^npx policyproof /, `"${process.execPath}" "${CLI}" `)], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
          runs.push({ line, code: r.status, stdout: r.stdout, stderr: r.stderr });
        }
      }
    }
    const [init, first, accept, last] = runs;
    expect(runs).toHaveLength(4);
    expect(init!.code, init!.stderr).toBe(0);
    expect(first!.code, first!.stderr).toBe(0);
    // what the comment beside the command says
    expect(first!.stdout).toMatch(/⚠ 6 problems \(0 errors, 6 warnings, 0 notes\)/);
    expect(first!.stdout).toMatch(/the English sections\.appointments\.text of version 2026-02-01 is not confirmed as a translation of the German/);
    expect(accept!.code, accept!.stderr).toBe(0);
    expect(last!.code).toBe(0);
    expect(last!.stdout).toMatch(/✔ no problems/);
  });
});

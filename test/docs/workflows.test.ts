/**
 * Every workflow the project shows or writes holds in practice: actions pinned by commit SHA (a tag
 * can be moved), and every SARIF upload guarded so a run that wrote no SARIF does not fail on it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../support/cli.js';
import { workflowYaml } from '../../src/policy/starter.js';

const read = (rel: string) => readFileSync(path.join(REPO, rel), 'utf8');

/** The workflows in a document's yaml blocks (those with `jobs:`), and the workflow files. */
function workflows(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const doc of ['README.md', 'docs/action.md']) {
    for (const m of read(doc).matchAll(/```yaml\n([\s\S]*?)```/g)) if (/^jobs:/m.test(m[1]!)) out.push({ where: doc, text: m[1]! });
  }
  for (const name of readdirSync(path.join(REPO, '.github/workflows'))) out.push({ where: `.github/workflows/${name}`, text: read(`.github/workflows/${name}`) });
  out.push({ where: 'policyproof init', text: workflowYaml('policy', 'policyproof/policyproof@0123456789abcdef0123456789abcdef01234567 # v1.0.0') });
  return out;
}

type Step = { uses?: string; if?: string; with?: Record<string, unknown> };

describe('workflows in the docs, the repository and from init', () => {
  const all = workflows();
  it('are found (README, docs/action.md, release, init)', () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
  });

  for (const { where, text } of all) {
    it(`${where}: parses, pins every action by commit SHA, guards every SARIF upload`, () => {
      const wf = parse(text) as { jobs: Record<string, { steps: Step[] }> };
      const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
      for (const s of steps.filter((x) => x.uses)) {
        // policyproof's own examples name the release commit to pin (docs/action.md#pinning)
        if (s.uses!.startsWith('policyproof/policyproof@<')) continue;
        expect(s.uses, where).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      }
      for (const s of steps.filter((x) => x.uses?.startsWith('github/codeql-action/upload-sarif@'))) {
        expect(s.if, `${where}: upload-sarif needs a guard`).toMatch(/^always\(\) && steps\.\w+\.outputs\.sarif-file != ''$/);
      }
      // the comment on each pin names the release it is
      for (const line of text.split('\n').filter((l) => /uses: [^<]*@[0-9a-f]{40}/.test(l))) expect(line, where).toMatch(/# v\d+\.\d+\.\d+/);
    });
  }
});

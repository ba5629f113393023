/** A misspelled data type in holds/forbids names the type it most likely means. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';

beforeAll(() => ensureBuilt(), 300_000);

describe('unknown-data-type', () => {
  it('says "did you mean" for a typo, a plural, and nothing for an unrelated word', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-unknown-type-'));
    cpSync(path.join(REPO, 'test/fixtures/lifecycle/unknown-data-type/fail-typo'), dir, { recursive: true });
    const file = path.join(dir, 'policy/versions/2018-05-20.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('        - ip-address\n', '        - phone-numbers\n        - emial\n        - shoe-size\n'));
    const r = runCli(['policy', 'validate', '--at', '2018-06-01', '--format', 'json'], { cwd: dir });
    const messages = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings
      .filter((f) => f.ruleId === 'unknown-data-type').map((f) => f.message.replace(/ \(known: .*$/, ''));
    expect(messages).toEqual([
      'category statistics of version 2018-05-20 forbids "phone-numbr", a data type policyproof does not know, so it is never found in the code; did you mean "phone-number"?',
      'category statistics of version 2018-05-20 forbids "phone-numbers", a data type policyproof does not know, so it is never found in the code; did you mean "phone-number"?',
      'category statistics of version 2018-05-20 forbids "emial", a data type policyproof does not know, so it is never found in the code; did you mean "email"?',
      'category statistics of version 2018-05-20 forbids "shoe-size", a data type policyproof does not know, so it is never found in the code',
    ]);
  });
});

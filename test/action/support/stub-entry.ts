/**
 * Test scaffolding only: the Action's real runAction, real policy loader, real SARIF reporter and
 * real GitHub client, with the repository scan replaced by findings read from the scanned tree's
 * own `.fake-findings.json`. Because that file lives in the tree, the base commit and the head
 * commit of a test repository carry different findings, exactly as a real scan of each would.
 * Bundled by the tests with esbuild and run as a child process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, Severity } from '../../../src/core/types.js';
import type { CheckOptions, CheckResult } from '../../../src/engine/check.js';
import { fingerprintOf } from '../../../src/engine/fingerprint.js';
import { loadPolicy, loadPolicyAtRef } from '../../../src/policy/load.js';
import { pendingVersions, today, versionInForce } from '../../../src/policy/timeline.js';
import { render } from '../../../src/report/index.js';
import { runAction } from '../../../src/action/run.js';
import { filterResult, resolveOptions } from '../../../src/commands/check.js';

interface FakeFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  key?: string;
  timing?: 'in-force' | 'pending';
  policyVersion?: string;
  suppressed?: boolean;
}

async function fakeCheck(opts: CheckOptions): Promise<CheckResult> {
  const root = path.resolve(opts.root);
  const policy = await loadPolicy(path.resolve(root, opts.policyDir), { root });
  const at = opts.at ?? today(policy.identity.timezone);
  let spec: FakeFinding[] = [];
  try {
    spec = JSON.parse(await readFile(path.join(root, '.fake-findings.json'), 'utf8')) as FakeFinding[];
  } catch {
    spec = [];
  }
  const findings: Finding[] = spec.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: { file: f.file, line: f.line, column: 1 },
    help: 'fix it',
    timing: f.timing ?? 'in-force',
    policyVersion: f.policyVersion,
    fingerprint: fingerprintOf({ ruleId: f.ruleId, location: { file: f.file, line: f.line, column: 1 }, key: f.key ?? f.message, message: f.message }),
    ...(f.suppressed ? { suppressed: { kind: 'inSource' as const, justification: 'test' } } : {}),
  }));
  return {
    root, at, policy, inForce: versionInForce(policy, at), pending: pendingVersions(policy, at), base: opts.basePolicy,
    findings, stores: [], implementations: [], files: [], rules: [], durationMs: 1,
  };
}

const code = await runAction({
  env: process.env,
  check: fakeCheck,
  resolveOptions,
  filterResult: (result, opts) => filterResult(result, opts),
  loadPolicyAtRef,
  renderSarif: (result) => render('sarif', result, { version: '0.0.0-test' }),
  retry: { retries: 3, baseDelayMs: 50, maxWaitMs: 5_000, timeoutMs: Number(process.env.TEST_API_TIMEOUT_MS ?? 10_000) },
});
process.exitCode = code;

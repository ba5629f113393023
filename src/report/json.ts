import type { CheckResult } from '../engine/check.js';
import { countFindings, type RenderOptions } from './index.js';

/** Stable JSON: fixed key order, findings in the engine's order, no timings. */
export function renderJson(result: CheckResult, opts: RenderOptions): string {
  const counts = countFindings(result);
  const out = {
    tool: { name: 'policyproof', version: opts.version ?? '0.0.0' },
    policy: {
      id: result.policy.identity.id,
      at: result.at,
      inForce: result.inForce?.version ?? null,
      pending: result.pending.map((v) => ({ version: v.version, published: v.published, effective: v.effective })),
    },
    summary: { ...counts, stores: result.stores.length, files: result.files.length, testFilesLeftOut: result.testFilesLeftOut ?? 0 },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      category: f.category ?? null,
      policyVersion: f.policyVersion ?? null,
      timing: f.timing ?? 'in-force',
      store: f.storeId ?? null,
      promise: f.promise ? { ...f.promise.text } : null,
      help: f.help,
      fingerprint: f.fingerprint,
      suppressed: f.suppressed ? { kind: f.suppressed.kind, justification: f.suppressed.justification } : null,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

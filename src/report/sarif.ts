import type { CheckResult } from '../engine/check.js';
import { withPromise } from './quote.js';
import type { Finding, Severity } from '../core/types.js';
import type { RenderOptions } from './index.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };
const INFO_URI = 'https://github.com/policyproof/policyproof';

/**
 * SARIF 2.1.0 for GitHub code scanning: every rule with its documentation, repository-relative
 * artifact URIs under %SRCROOT%, a region at the offending line, line-independent fingerprints,
 * and suppressed findings as `suppressions` with their justification.
 */
export function renderSarif(result: CheckResult, opts: RenderOptions): string {
  const rules = result.rules.map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'policyproof',
            semanticVersion: opts.version ?? '0.0.0',
            version: opts.version ?? '0.0.0',
            informationUri: INFO_URI,
            rules: rules.map((r) => ({
              id: r.id,
              name: pascal(r.id),
              shortDescription: { text: r.docs.description },
              fullDescription: { text: `${r.docs.description} ${r.docs.rationale}` },
              help: { text: r.docs.help, markdown: `**${r.id}** — ${r.docs.description}\n\n${r.docs.rationale}\n\n**How to fix:** ${r.docs.help}` },
              helpUri: `${INFO_URI}/blob/main/docs/rules/${r.id}.md`,
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { tags: ['privacy', r.type], precision: 'high', 'problem.severity': r.defaultSeverity === 'note' ? 'recommendation' : r.defaultSeverity },
            })),
          },
        },
        automationDetails: { id: `policyproof/${result.policy.identity.id}/` },
        results: result.findings.map((f) => toResult(f, index.get(f.ruleId))),
        columnKind: 'utf16CodeUnits',
        properties: { policy: result.policy.identity.id, at: result.at, inForce: result.inForce?.version ?? null, pending: result.pending.map((v) => v.version) },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function toResult(f: Finding, ruleIndex: number | undefined) {
  const region: Record<string, number> = { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) };
  if (f.location.endLine) region.endLine = f.location.endLine;
  if (f.location.endColumn) region.endColumn = f.location.endColumn;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[f.severity],
    message: { text: withPromise(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.location.file), uriBaseId: '%SRCROOT%' },
          region,
        },
      },
    ],
    partialFingerprints: { 'policyproof/v1': f.fingerprint },
    ...(f.suppressed
      ? { suppressions: [{ kind: f.suppressed.kind, status: 'accepted', justification: f.suppressed.justification }] }
      : {}),
    properties: {
      ...(f.category ? { category: f.category } : {}),
      ...(f.policyVersion ? { policyVersion: f.policyVersion } : {}),
      timing: f.timing ?? 'in-force',
      ...(f.storeId ? { store: f.storeId } : {}),
    },
  };
}

function pascal(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** A relative URI reference: path segments percent-encoded, separators kept. */
function encodeUri(file: string): string {
  return file.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

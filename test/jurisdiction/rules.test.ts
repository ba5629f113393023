import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingInput, Policy, PolicyVersion, RuleContext, Store } from '../../src/core/types.js';
import { loadPolicy } from '../../src/policy/load.js';
import storageOutsideJurisdiction from '../../rules/storage-outside-jurisdiction.js';
import { withPromise } from '../../src/report/quote.js';
import unknownRegion from '../../rules/unknown-region.js';

const policy: Policy = await loadPolicy(path.resolve('policy'), { root: path.resolve('.') });
const version = policy.versions[0];

function store(id: string, jurisdiction: Store['jurisdiction']): Store {
  return {
    id, kind: 'bucket', name: id.replace(/^terraform:/, ''), source: 'terraform', location: { file: 'main.tf', line: 1, column: 1 },
    categories: [], dataTypes: [], retention: [], retentionBearing: true, jurisdiction,
  };
}

function run(rule: typeof storageOutsideJurisdiction, stores: Store[], judged: PolicyVersion = version): FindingInput[] {
  const out: FindingInput[] = [];
  const ctx: RuleContext = {
    policy, at: '2026-11-28', inForce: version, pending: [], judged, timing: 'in-force',
    stores, implementations: [], references: [], diagnostics: [], dataTypes: [], report: (f) => out.push(f),
  };
  rule.check(ctx);
  return out;
}

const at = (line: number) => ({ file: 'main.tf', line, column: 3 });

describe('storage-outside-jurisdiction', () => {
  it('is an error-level rule with its own docs', () => {
    expect(storageOutsideJurisdiction.meta).toMatchObject({ id: 'storage-outside-jurisdiction', type: 'repository', defaultSeverity: 'error' });
    expect(storageOutsideJurisdiction.meta.docs.help).toContain('rules/regions.yaml');
  });

  it('reports a region outside the EU at the region line, quoting the storage promise in English and Swedish', () => {
    const findings = run(storageOutsideJurisdiction, [
      store('terraform:aws_s3_bucket.us', { provider: 'aws', region: 'us-east-1', status: 'known', location: at(7) }),
      store('terraform:aws_s3_bucket.se', { provider: 'aws', region: 'eu-north-1', status: 'known', location: at(3) }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'storage-outside-jurisdiction', location: at(7), storeId: 'terraform:aws_s3_bucket.us' });
    expect(findings[0].message).toBe('bucket aws_s3_bucket.us is stored in aws region us-east-1 (US), outside EU.');
    expect(findings[0].promise?.text).toEqual({ sv: 'Lagring av data sker inom EU.', en: 'Data is stored within the EU.' });
    // the machine formats and the PR comment append the promise to the message
    expect(withPromise(findings[0])).toBe('bucket aws_s3_bucket.us is stored in aws region us-east-1 (US), outside EU. Policy: "Lagring av data sker inom EU." (en: "Data is stored within the EU.")');
  });

  it('"eu-" in the name is not enough: London and Zurich are outside the EU', () => {
    const findings = run(storageOutsideJurisdiction, [
      store('terraform:a', { provider: 'aws', region: 'eu-west-2', status: 'known', location: at(1) }),
      store('terraform:b', { provider: 'aws', region: 'eu-central-2', status: 'known', location: at(2) }),
      store('terraform:c', { provider: 'azure', region: 'Norway East', status: 'known', location: at(3) }),
    ]);
    expect(findings.map((f) => f.message.split(',')[0])).toEqual([
      'bucket a is stored in aws region eu-west-2 (GB)',
      'bucket b is stored in aws region eu-central-2 (CH)',
      'bucket c is stored in azure region Norway East (NO)',
    ]);
  });

  it('a multi-region partly outside says "possibly"; unknown regions are left to unknown-region', () => {
    const findings = run(storageOutsideJurisdiction, [
      store('terraform:dual', { provider: 'gcp', region: 'EUR5', status: 'known', location: at(4) }),
      store('terraform:mars', { provider: 'gcp', region: 'mars-north1', status: 'known', location: at(5) }),
      store('terraform:none', { provider: 'aws', status: 'unknown', reason: 'no region', location: at(6) }),
    ]);
    expect(findings.map((f) => f.message.split(',')[0])).toEqual(['bucket dual is stored in gcp region EUR5 (possibly GB)']);
  });

  it('says nothing when the judged version promises no jurisdiction', () => {
    const withoutStorage: PolicyVersion = { ...version, sections: version.sections.filter((s) => !s.storage) };
    expect(run(storageOutsideJurisdiction, [store('terraform:x', { provider: 'aws', region: 'us-east-1', status: 'known', location: at(1) })], withoutStorage)).toEqual([]);
  });
});

describe('unknown-region', () => {
  it('is a warning for an unresolved region and for one missing from the table, with why', () => {
    expect(unknownRegion.meta).toMatchObject({ id: 'unknown-region', defaultSeverity: 'warning' });
    const findings = run(unknownRegion, [
      store('terraform:a', { provider: 'aws', status: 'unknown', reason: 'provider "aws" sets no region', location: at(2) }),
      store('terraform:b', { provider: 'gcp', region: 'global', status: 'known', location: at(9) }),
      store('terraform:c', { provider: 'aws', region: 'eu-north-1', status: 'known', location: at(4) }),
      store('kubernetes:d', undefined),
    ]);
    expect(findings.map((f) => [f.location.line, f.message.split('.')[0]])).toEqual([
      [2, 'bucket a: where it stores data is unknown (provider "aws" sets no region), so storage within EU cannot be proven'],
      [9, 'bucket b: region "global" of gcp is not in rules/regions'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/types.js';
import { scanConfigs } from '../../../src/sources/configs/index.js';
import { scanKubernetes } from '../../../src/sources/kubernetes/index.js';
import { memoryContext } from '../terraform/context.js';

function retention(s: Store): string[] {
  return s.retention.map((e) =>
    e.status === 'known' ? `known ${e.duration!.text} @${e.location.line}` : e.status === 'forever' ? `forever @${e.location.line}` : `unknown @${e.location.line}`,
  );
}

describe('ILM policies as GET _ilm/policy returns them', () => {
  it('reads each named policy of the response', async () => {
    const r = await scanConfigs(memoryContext({
      'es/ilm-export.json': `{
  "logs": {
    "version": 3,
    "modified_date": "2026-01-01T00:00:00.000Z",
    "policy": {
      "phases": {
        "hot": { "min_age": "0ms", "actions": { "rollover": { "max_age": "1d" } } },
        "delete": { "min_age": "30d", "actions": { "delete": {} } }
      }
    }
  },
  "metrics": {
    "version": 1,
    "policy": { "phases": { "hot": { "actions": {} } } }
  }
}
`,
    }));
    expect(r.stores.map((s) => [s.id, retention(s).join(' ')])).toEqual([
      ['config:es/ilm-export.json#ilm:logs', 'known P31D @8'],
      ['config:es/ilm-export.json#ilm:metrics', 'forever @14'],
    ]);
  });
});

describe('Loki durations', () => {
  it('a retention_period in years counts 365 days a year, as Loki does', async () => {
    const r = await scanKubernetes(memoryContext({
      'loki.yaml': 'compactor:\n  retention_enabled: true\nschema_config: {}\nlimits_config:\n  retention_period: 1y\n',
    }));
    expect(r.stores.map((s) => retention(s).join(' '))).toEqual(['known P365D @5']);
  });
});

describe('Loki table manager', () => {
  it('table_manager retention with deletes enabled bounds a Loki that has no compactor retention', async () => {
    const r = await scanKubernetes(memoryContext({
      'loki.yaml': `# @category debug-data
schema_config:
  configs: []
table_manager:
  retention_deletes_enabled: true
  retention_period: 336h
limits_config:
  ingestion_rate_mb: 10
`,
      'loki-off.yaml': `schema_config:
  configs: []
table_manager:
  retention_deletes_enabled: false
  retention_period: 336h
limits_config:
  ingestion_rate_mb: 10
`,
    }));
    expect(r.stores.map((s) => [s.location.file, retention(s).join(' ')])).toEqual([
      ['loki-off.yaml', 'forever @6'],
      ['loki.yaml', 'known P14D @6'],
    ]);
  });
});

describe('logrotate', () => {
  it('reads stanzas whose files are listed on lines of their own before "{" (Debian rsyslog), with the comment above them', async () => {
    const r = await scanConfigs(memoryContext({
      'etc/logrotate.d/rsyslog': `# @category debug-data
/var/log/syslog
/var/log/mail.log
{
	rotate 4
	weekly
	postrotate
		/usr/lib/rsyslog/rsyslog-rotate
	endscript
}
/var/log/nginx/access.log
"/var/log/my app/error.log" {
	daily
	rotate 2
}
`,
    }));
    expect(r.stores.map((s) => [s.name, s.location.line, s.categories.map((c) => c.id).join(','), retention(s).join(' ')])).toEqual([
      ['log files /var/log/syslog /var/log/mail.log', 2, 'debug-data', 'known P28D @5'],
      ['log files /var/log/nginx/access.log /var/log/my app/error.log', 11, '', 'known P2D @14'],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('rotate N × period, maxage, the shorter bound wins, size-only is unknown, scripts are skipped', async () => {
    const r = await scanConfigs(memoryContext({
      'deploy/logrotate.d/sms': `# global defaults
weekly
rotate 4

# @category debug-data
/var/log/sms/debug.log {
    daily
    rotate 14
    postrotate
        kill -HUP 1 }
    endscript
}

/var/log/sms/access.log /var/log/sms/error.log {
    daily
    rotate 90
    maxage 30
}

/var/log/sms/size.log {
    size 100M
}

/var/log/sms/inherits.log {
}

/var/log/sms/monthly.log {
    monthly
    rotate 2
}
`,
      'README.md': 'not a logrotate file',
    }));
    const [debug, access, size, inherits, monthly] = r.stores;
    expect(debug).toMatchObject({ kind: 'log-file', source: 'config', identifier: '/var/log/sms/debug.log', location: { line: 6 }, categories: [{ id: 'debug-data', location: { line: 5, column: 3 } }] });
    expect(retention(debug)).toEqual(['known P14D @8']);
    expect(retention(access)).toEqual(['known P30D @17']);
    expect(retention(size)).toEqual(['unknown @20']);
    expect(retention(inherits)).toEqual(['known P28D @24']);
    expect(retention(monthly)).toEqual(['known P62D @29']);
    expect(monthly.retention[0].reason).toContain('31 days');
  });
});

describe('Elasticsearch ILM and OpenSearch ISM (JSON)', () => {
  it('reads the delete phase min_age (plus rollover age), or forever without one', async () => {
    const r = await scanConfigs(memoryContext({
      'es/ilm-debug.json': JSON.stringify({ policy: { _meta: { 'policyproof.dev/category': 'debug-data' }, phases: { delete: { min_age: '14d', actions: { delete: {} } } } } }, null, 2),
      'es/ilm-keep.json': JSON.stringify({ policy: { phases: { hot: { actions: { rollover: { max_age: '1d' } } } } } }, null, 2),
      'es/package.json': '{"name": "x", "policy": "not an index policy"}',
    }));
    expect(r.stores.map((s) => s.id)).toEqual(['config:es/ilm-debug.json#ilm:ilm-debug', 'config:es/ilm-keep.json#ilm:ilm-keep']);
    expect(r.stores[0].categories.map((c) => `${c.id}@${c.location.line}`)).toEqual(['debug-data@3']);
    expect(retention(r.stores[0])).toEqual(['known P14D @8']);
    expect(retention(r.stores[1])).toEqual(['forever @3']);
  });

  it('reads an ISM transition into a state that deletes', async () => {
    const ism = {
      policy: {
        policy_id: 'traffic',
        states: [
          { name: 'hot', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: '60d' } }] },
          { name: 'delete', actions: [{ delete: {} }], transitions: [] },
        ],
      },
    };
    const r = await scanConfigs(memoryContext({ 'ism.json': JSON.stringify(ism, null, 2) }));
    expect(r.stores[0]).toMatchObject({ id: 'config:ism.json#ism:traffic', kind: 'index' });
    expect(retention(r.stores[0])).toEqual(['known P60D @12']);
  });

  it('broken JSON that looks like a policy is a parse-error', async () => {
    const r = await scanConfigs(memoryContext({ 'p.json': '{\n  "policy": {\n    "phases": {,\n' }));
    expect(r.diagnostics.map((d) => `${d.code}@${d.location.line}`)).toEqual(['parse-error@3']);
  });
});

describe('YAML configs (read with the manifests, in one parse)', () => {
  it('Loki: retention only with the compactor; default keeps forever; per-stream periods', async () => {
    const r = await scanKubernetes(memoryContext({
      'loki/on.yaml': `# @category debug-data
limits_config:
  retention_period: 14d
  retention_stream:
    - selector: '{app="sms"}'
      priority: 1
      period: 72h
compactor:
  retention_enabled: true
`,
      'loki/default.yaml': 'schema_config: {}\nlimits_config: {}\ncompactor:\n  retention_enabled: true\n',
      'helm/values.yaml': 'loki:\n  limits_config:\n    retention_period: 744h\n  compactor:\n    retention_enabled: true\n',
    }));
    const by = (f: string) => r.stores.find((s) => s.location.file === f)!;
    expect(retention(by('loki/on.yaml'))).toEqual(['known P14D @3', 'known P3D @7']);
    expect(by('loki/on.yaml').categories.map((c) => c.id)).toEqual(['debug-data']);
    expect(retention(by('loki/default.yaml'))).toEqual(['forever @2']);
    expect(retention(by('helm/values.yaml'))).toEqual(['known P31D @3']);
  });

  it('docker-compose: size rotation is not a time bound; other drivers ship logs elsewhere; none keeps nothing', async () => {
    const r = await scanKubernetes(memoryContext({
      'compose.yaml': `services:
  api:
    image: api
    labels:
      - policyproof.dev/category=debug-data
    logging:
      driver: local
  shipper:
    image: s
    logging:
      driver: awslogs
      options:
        awslogs-region: eu-north-1
  quiet:
    image: q
    logging:
      driver: none
`,
    }));
    const by = (n: string) => r.stores.find((s) => s.identifier === n)!;
    expect(by('api')).toMatchObject({ kind: 'log-file', categories: [{ id: 'debug-data' }] });
    expect(by('api').retention[0]).toMatchObject({ status: 'unknown', reason: expect.stringContaining('bounds space, not age'), location: { line: 7 } });
    expect(by('shipper').retention[0]).toMatchObject({ status: 'unknown', reason: expect.stringContaining('awslogs') });
    expect(by('shipper').jurisdiction).toEqual({ provider: 'aws', region: 'eu-north-1', status: 'known', location: { file: 'compose.yaml', line: 13, column: 9 } });
    expect(by('api').jurisdiction).toBeUndefined();
    expect(by('quiet')).toMatchObject({ retention: [], retentionBearing: false });
  });

  it('an ILM policy in YAML', async () => {
    const r = await scanKubernetes(memoryContext({
      'ilm.yaml': '# @category traffic-data\npolicy:\n  phases:\n    delete:\n      min_age: 60d\n      actions:\n        delete: {}\n',
    }));
    expect(retention(r.stores[0])).toEqual(['known P60D @5']);
    expect(r.stores[0].categories.map((c) => c.id)).toEqual(['traffic-data']);
  });
});

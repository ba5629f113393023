import { describe, expect, it } from 'vitest';
import type { SourceResult, Store } from '../../../src/core/types.js';
import { scanKubernetes } from '../../../src/sources/kubernetes/index.js';
import { memoryContext } from '../terraform/context.js';

const scan = (files: Record<string, string | Buffer>): Promise<SourceResult> => scanKubernetes(memoryContext(files));

function retention(s: Store): string[] {
  return s.retention.map((e) =>
    e.status === 'known' ? `known ${e.duration!.text} @${e.location.line}` : e.status === 'forever' ? `forever @${e.location.line}` : `unknown @${e.location.line}`,
  );
}

const topic = (name: string, config: string, extra = '') => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: ${name}
  labels:
    strimzi.io/cluster: main${extra}
spec:
  config:
${config}
`;

describe('Helm chart templates', () => {
  it('a template is one clear diagnostic, not a YAML parse error; rendered output is read', async () => {
    const r = await scanKubernetes(memoryContext({
      'chart/templates/topic.yaml': `{{- range .Values.topics }}
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: {{ .name }}
spec:
  config:
    retention.ms: {{ .retentionMs | quote }}
{{- end }}
`,
      'rendered.yaml': `---
# Source: chart/templates/topic.yaml
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: events
spec:
  config:
    retention.ms: "604800000"
---
# alert texts hold template markup in strings: still YAML
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: alerts
  annotations:
    policyproof.dev/category: debug-data
spec:
  groups:
    - name: x
      rules:
        - alert: Down
          annotations:
            description: "{{ $labels.instance }} is down"
`,
    }));
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}:${d.location.line} ${d.message.slice(0, 30)}`)).toEqual([
      'template-not-rendered chart/templates/topic.yaml:1 Helm chart "chart": its templa',
    ]);
    expect(r.stores.map((s) => s.id)).toEqual(['kubernetes:rendered.yaml#KafkaTopic//events', 'kubernetes:rendered.yaml#PrometheusRule//alerts']);
  });
});

describe('kubernetes source: Strimzi KafkaTopic', () => {
  it('reads retention.ms with its line, category from the annotation or a comment above', async () => {
    const r = await scan({
      'k8s/topics.yaml': `# @category api-traffic
${topic('callbacks', '    retention.ms: 259200000')}---
${topic('inbound', '    retention.ms: "3600000"', '\n  annotations:\n    policyproof.dev/category: api-traffic, debug-data')}`,
    });
    expect(r.stores.map((s) => s.id)).toEqual(['kubernetes:k8s/topics.yaml#KafkaTopic//callbacks', 'kubernetes:k8s/topics.yaml#KafkaTopic//inbound']);
    const [a, b] = r.stores;
    expect(a).toMatchObject({ kind: 'topic', source: 'kubernetes', identifier: 'callbacks', location: { line: 2 }, categories: [{ id: 'api-traffic', via: 'annotation', location: { line: 1, column: 3 } }] });
    expect(retention(a)).toEqual(['known P3D @10']);
    expect(b.categories.map((c) => `${c.id}@${c.location.line}`)).toEqual(['api-traffic@19', 'debug-data@19']);
    expect(retention(b)).toEqual(['known PT1H @22']);
    expect(a.jurisdiction).toBeUndefined();
  });

  it('retention.bytes alone is not a time bound; -1 is forever; compacted topics keep keys forever', async () => {
    const r = await scan({
      'a.yaml': `${topic('forever', '    retention.ms: -1\n    retention.bytes: 1000')}---
${topic('compacted', '    cleanup.policy: compact')}---
${topic('size-only', '    retention.bytes: 1000')}`,
    });
    const by = (n: string) => r.stores.find((s) => s.identifier === n)!;
    expect(retention(by('forever'))).toEqual(['forever @9']);
    expect(by('forever').retention[0].reason).toContain('bounds size, not age');
    expect(retention(by('compacted'))).toEqual(['forever @20']);
    expect(retention(by('size-only'))).toEqual(['unknown @30']);
    expect(by('size-only').retention[0].reason).toMatch(/retention.bytes 1000 bounds size, not age.*Kafka resource "main" is not in the repository/);
  });

  it('without retention.ms the Kafka cluster of the repository decides (its setting, else Kafka\'s 168 hours)', async () => {
    const kafka = (config: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: main
spec:
  kafka:
    config:
${config}
`;
    const withSetting = await scan({ 'cluster.yaml': kafka('      log.retention.hours: 48'), 't.yaml': topic('t', '    retention.bytes: 1') });
    expect(retention(withSetting.stores[0])).toEqual(['known P2D @8']);
    expect(withSetting.stores[0].retention[0].location.file).toBe('cluster.yaml');
    const withDefault = await scan({ 'cluster.yaml': kafka('      num.partitions: 3'), 't.yaml': topic('t', '    min.insync.replicas: 2') });
    expect(retention(withDefault.stores[0])).toEqual(['known P7D @1']);
  });
});

describe('kubernetes source: manifests and YAML shapes', () => {
  it('reads Helm-rendered output and notes the template', async () => {
    const r = await scan({
      'rendered.yaml': `---
# Source: sms/templates/topic.yaml
# @category api-traffic
${topic('t', '    retention.ms: 1000')}`,
    });
    expect(r.stores[0].details).toMatchObject({ helmTemplate: 'sms/templates/topic.yaml' });
    expect(r.stores[0].categories.map((c) => c.id)).toEqual(['api-traffic']);
  });

  it('an annotated object with no retention mechanism is a retention-bearing store with no evidence', async () => {
    const r = await scan({
      'pvc.yaml': `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive
  namespace: sms
  annotations:
    policyproof.dev/category: traffic-data
`,
    });
    expect(r.stores).toEqual([expect.objectContaining({ id: 'kubernetes:pvc.yaml#PersistentVolumeClaim/sms/archive', kind: 'persistentvolumeclaim', retention: [], retentionBearing: true })]);
    const deployment = await scan({ 'd.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    policyproof.dev/category: api-traffic\n' });
    expect(deployment.stores).toEqual([expect.objectContaining({ kind: 'deployment', categories: [expect.objectContaining({ id: 'api-traffic' })], retentionBearing: false })]);
  });

  it('does not treat every YAML file as a manifest or a config', async () => {
    const r = await scan({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'openapi.yaml': 'openapi: 3.0.0\npaths: {}\n',
      'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n',
      'values.yaml': 'services:\n  enabled: true\n',
    });
    expect(r.stores).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reads Loki inside a ConfigMap at the right lines of the outer file', async () => {
    const r = await scan({
      'loki-cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: loki
  annotations:
    policyproof.dev/category: debug-data
data:
  loki.yaml: |
    auth_enabled: false
    limits_config:
      retention_period: 336h
    compactor:
      retention_enabled: true
`,
    });
    expect(r.stores).toHaveLength(1);
    expect(r.stores[0]).toMatchObject({ kind: 'log-store', source: 'kubernetes', categories: [{ id: 'debug-data' }] });
    expect(retention(r.stores[0])).toEqual(['known P14D @11']);
    expect(r.stores[0].retention[0].location.column).toBe(7);
  });

  it('an alias bomb is a parse-error, not a hang', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const r = await scan({ 'bomb.yaml': `apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: x\nspec:\n  ${bomb.join('\n  ')}\n` });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', location: expect.objectContaining({ file: 'bomb.yaml' }) })]);
    expect(r.diagnostics[0].message).toMatch(/alias/i);
  });

  it('a large docker-compose file that reuses its anchors in every service is read, not taken for a bomb', async () => {
    // shared defaults merged into 160 services, each naming a dependency through an anchor (the yaml
    // library counts this at 1,449: over the old limit of 1,000, as a real 788-line compose file was)
    let compose = 'x-restart: &restart\n  restart: unless-stopped\nx-pull: &pull\n  pull_policy: never\nx-healthy: &healthy\n  condition: service_healthy\nx-defaults: &defaults\n  <<: [*restart, *pull]\n  image: example/app\n  depends_on:\n';
    for (let d = 0; d < 8; d++) compose += `    dep${d}:\n      <<: *healthy\n`;
    compose += 'services:\n';
    for (let i = 0; i < 160; i++) compose += `  svc${i}:\n    <<: *defaults\n    command: run ${i}\n    depends_on:\n      dep0:\n        <<: *healthy\n`;
    const r = await scan({ 'docker-compose.yml': compose });
    expect(r.diagnostics).toEqual([]);
  });

  it('broken YAML is a parse-error at its line; later documents are still read', async () => {
    const r = await scan({
      'bad.yaml': `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: [unclosed\n  annotations:\n    policyproof.dev/category: traffic-data\n---\n${topic('ok', '    retention.ms: 1000')}`,
    });
    expect(r.diagnostics.map((d) => `${d.code}@${d.location.line}`)).toEqual(['parse-error@5']);
    expect(r.stores.map((s) => s.identifier)).toEqual(['ok']);
  });

  it('YAML that mentions nothing it reads is not parsed at all (a broken CI file is not its business)', async () => {
    const r = await scan({ 'ci.yaml': 'jobs: [unclosed\n' });
    expect(r.diagnostics).toEqual([]);
  });

  it('YAML nested 100,000 levels deep is a parse-error, not a crash', async () => {
    const deep = `apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: x\nspec:\n  config: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const r = await scan({ 'deep.yaml': deep, 'ok.yaml': topic('ok', '    retention.ms: 1') });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', location: expect.objectContaining({ file: 'deep.yaml', line: 6 }) })]);
    expect(r.stores.map((s) => s.identifier)).toEqual(['ok']);
  });

  it('reads a file of 10,000 documents', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      docs.push(i % 100 === 0 ? topic(`t${i}`, '    retention.ms: 1000') : `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  ports: [{port: 80}]\n`);
    }
    const text = docs.join('---\n');
    const r = await scan({ 'big.yaml': text });
    expect(r.stores).toHaveLength(100);
    expect(r.stores[99]).toMatchObject({ identifier: 't9900' });
    const nameLine = text.split('\n').indexOf('  name: t9900') + 1;
    expect(r.stores[99].location.line).toBe(nameLine - 3);
    expect(r.stores[99].retention[0].location.line).toBe(nameLine + 5);
  });
});

/** Helm charts rendered by the user's helm (issue 12): a fake `helm` on PATH stands in for the real one. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTextFile } from '../../../src/engine/files.js';
import { scanKubernetes } from '../../../src/sources/kubernetes/index.js';

const RENDERED = `---
# Source: api/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: policyproof-api
---
# Source: api/templates/pvc.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: policyproof-api-uploads
  annotations:
    policyproof.dev/category: customer-data
spec:
  resources:
    requests:
      storage: 1Gi
`;

let base: string;
let repo: string;
const savedPath = process.env.PATH;

function fakeHelm(dir: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'helm');
  writeFileSync(file, `#!/bin/sh\necho "$PWD|$*" > "${path.join(base, 'ran')}"\n${body}\n`);
  chmodSync(file, 0o755);
}

async function scan() {
  const files = ['charts/api/Chart.yaml', 'charts/api/values.yaml', 'charts/api/templates/pvc.yaml', 'charts/api/templates/service.yaml'];
  return scanKubernetes({ root: repo, files, log: () => {}, read: async (f) => { const r = await readTextFile(repo, f); return r.text ?? r.diagnostic!; } });
}

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'pp-helm-'));
  repo = path.join(base, 'repo');
  mkdirSync(path.join(repo, 'charts/api/templates'), { recursive: true });
  writeFileSync(path.join(repo, 'charts/api/Chart.yaml'), 'apiVersion: v2\nname: api\nversion: 1.0.0\n');
  writeFileSync(path.join(repo, 'charts/api/values.yaml'), 'size: 1Gi\n');
  writeFileSync(path.join(repo, 'charts/api/templates/pvc.yaml'), 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {{ .Release.Name }}-uploads\n  annotations:\n    policyproof.dev/category: customer-data\n');
  writeFileSync(path.join(repo, 'charts/api/templates/service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n');
});
afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(base, { recursive: true, force: true });
});

describe('Helm charts with a helm binary on PATH', () => {
  it('renders each chart once (its own values, --skip-tests, outside the repository) and reads the manifests at their templates', async () => {
    fakeHelm(path.join(base, 'bin'), `cat <<'YAML'\n${RENDERED}YAML`);
    process.env.PATH = `${path.join(base, 'bin')}${path.delimiter}${savedPath}`;
    const r = await scan();
    const [cwd, args] = readFileSync(path.join(base, 'ran'), 'utf8').trim().split('|');
    expect(args).toBe(`template policyproof ${path.join(repo, 'charts/api')} --skip-tests`);
    expect(cwd.startsWith(repo)).toBe(false);
    expect(r.diagnostics).toEqual([]);
    const pvc = r.stores.find((s) => s.name.includes('uploads'))!;
    expect(pvc.location.file).toBe('charts/api/templates/pvc.yaml');
    expect(pvc.categories.map((c) => c.id)).toEqual(['customer-data']);
    expect(pvc.details?.helmTemplate).toBe('api/templates/pvc.yaml');
  });

  it('a failing helm leaves one note for the chart, with what helm said', async () => {
    fakeHelm(path.join(base, 'bin'), `echo 'Error: chart requires kubeVersion' >&2\nexit 1`);
    process.env.PATH = `${path.join(base, 'bin')}${path.delimiter}${savedPath}`;
    const r = await scan();
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file} ${d.message}`)).toEqual([
      'template-not-rendered charts/api/Chart.yaml Helm chart "charts/api": helm template failed (Error: chart requires kubeVersion); its templates/ are not read',
    ]);
    expect(r.stores).toEqual([]);
  });

  it('a helm inside the scanned repository is never run; the chart keeps its note', async () => {
    fakeHelm(path.join(repo, 'bin'), `cat <<'YAML'\n${RENDERED}YAML`);
    process.env.PATH = `${path.join(repo, 'bin')}${path.delimiter}${savedPath}`;
    const r = await scan();
    expect(existsSync(path.join(base, 'ran'))).toBe(false);
    expect(r.diagnostics.map((d) => `${d.code} ${d.location.file}`)).toEqual(['helm-refused charts/api/Chart.yaml', 'template-not-rendered charts/api/templates/pvc.yaml']);
    expect(r.stores).toEqual([]);
  });
});

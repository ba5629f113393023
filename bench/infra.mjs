#!/usr/bin/env node
// Infrastructure benchmark (issue 4): the Terraform, Kubernetes and config sources plus the
// jurisdiction rules over 1,000 generated .tf files and 500 manifests, as a ratio to the bare
// parse of the same files (hcl2json for .tf/.tfvars, yaml for manifests), measured in one run.
// Run after `npm run build`:  node bench/infra.mjs [--tf-files N] [--manifests N] [--rounds N]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateInfra } from './lib/infra-generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const build = resolve(here, '../build');
const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const tfFiles = arg('--tf-files', 1000);
const manifests = arg('--manifests', 500);
const rounds = arg('--rounds', 5);

const { terraformSource } = await import(join(build, 'src/sources/terraform/index.js'));
const { kubernetesSource } = await import(join(build, 'src/sources/kubernetes/index.js'));
const { configsSource } = await import(join(build, 'src/sources/configs/index.js'));
const storageRule = (await import(join(build, 'rules/storage-outside-jurisdiction.js'))).default;
const regionRule = (await import(join(build, 'rules/unknown-region.js'))).default;
const hcl = await import('@cdktf/hcl2json');
const YAML = await import('yaml');

const root = mkdtempSync(join(tmpdir(), 'policyproof-bench-infra-'));
const generated = generateInfra(root, { tfFiles, manifests, seed: 4 });
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) walk(abs);
    else files.push(relative(root, abs).split(sep).join('/'));
  }
})(root);
files.sort();
const bytes = files.reduce((n, f) => n + readFileSync(join(root, f)).length, 0);

/** The bare parse: read every file and parse it with the parser its kind needs, nothing else. */
async function bareParse() {
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8');
    if (f.endsWith('.tf') || f.endsWith('.tfvars')) await hcl.parse(f, text);
    else if (f.endsWith('.yaml') || f.endsWith('.yml')) YAML.parseAllDocuments(text);
  }
}

const policyVersion = {
  version: '2018-05-20', published: '2018-05-10', effective: '2018-05-20', file: 'policy/versions/2018-05-20.yaml', raw: '',
  locate: () => ({ file: 'policy/versions/2018-05-20.yaml', line: 1, column: 1 }),
  sections: [{ id: 'storage', index: 0, text: { sv: 'Lagring av data sker inom EU.', en: 'Data is stored within the EU.' }, storage: { jurisdiction: 'EU' } }],
};

/** The full scan: the three sources (reading, parsing, evaluating) and the two jurisdiction rules. */
async function fullScan() {
  const ctx = {
    root, files, log: () => {},
    async read(f) { return readFileSync(join(root, f), 'utf8'); },
  };
  const results = [await terraformSource.scan(ctx), await kubernetesSource.scan(ctx), await configsSource.scan(ctx)];
  const stores = results.flatMap((r) => r.stores);
  const findings = [];
  const ruleCtx = {
    policy: { versions: [policyVersion] }, at: '2026-11-28', inForce: policyVersion, judged: policyVersion, pending: [], timing: 'in-force',
    stores, implementations: [], references: [], diagnostics: [], dataTypes: [], report: (f) => findings.push(f),
  };
  storageRule.check(ruleCtx);
  regionRule.check(ruleCtx);
  return { stores: stores.length, evidence: stores.reduce((n, s) => n + s.retention.length, 0), findings: findings.length, diagnostics: results.reduce((n, r) => n + r.diagnostics.length, 0) };
}

async function time(fn) {
  const t = performance.now();
  const out = await fn();
  return { ms: performance.now() - t, out };
}

// Warm both paths once (WASM start-up, JIT), then alternate so neither gets the warmer machine.
await bareParse();
let summary = (await fullScan());
const bare = [];
const full = [];
for (let i = 0; i < rounds; i++) {
  bare.push((await time(bareParse)).ms);
  const f = await time(fullScan);
  full.push(f.ms);
  summary = f.out;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const b = median(bare);
const f = median(full);
console.log(`infrastructure benchmark: ${generated.tfFiles} .tf files + tfvars, ${generated.manifests} manifests (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB), ${rounds} rounds, median`);
console.log(`  bare parse (hcl2json + yaml):                 ${b.toFixed(0)} ms`);
console.log(`  full scan (sources + jurisdiction rules):     ${f.toFixed(0)} ms   → ${summary.stores} stores, ${summary.evidence} retention evidence, ${summary.findings} jurisdiction findings, ${summary.diagnostics} diagnostics`);
console.log(`  ratio full / bare:                            ${(f / b).toFixed(2)}×   (target ≤ 1.5×)`);
rmSync(root, { recursive: true, force: true });

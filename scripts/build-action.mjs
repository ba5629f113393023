#!/usr/bin/env node
/**
 * Bundles the GitHub Action into dist/ so the runner installs nothing:
 *   dist/index.js           src/action/main.ts and everything it imports (esbuild, ESM, node20)
 *   dist/worker.js          the TypeScript source's worker thread (found beside index.js)
 *   dist/code-worker.js, dist/hcl-worker.js   the code and Terraform sources' worker threads
 *                           (each source finds its own by name: one worker.js would be the TypeScript one)
 *   dist/package.json       marks index.js as an ES module wherever dist/ is copied
 *   dist/schemas/, dist/rules/   the data the core reads at run time (found upwards from index.js)
 *   dist/node_modules/...   packages that load their own .wasm next to themselves (libpg-query,
 *                           @cdktf/hcl2json) and their runtime dependencies, copied as they are;
 *                           ts-morph with the TypeScript compiler it ships, which the core
 *                           require()s at run time; the tree-sitter runtime and the code
 *                           source's grammars (their .wasm only)
 * The output is deterministic: same sources, same bytes (test/action/bundle.test.ts checks it).
 *
 * Usage: node scripts/build-action.mjs [--out DIR]
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'dist');

/**
 * Loaded from their own folder at run time (wasm beside the code), or require()d by the core through
 * createRequire so that esbuild cannot see them (ts-morph and its compiler): shipped as packages, not bundled.
 */
const COPIED_PACKAGES = ['libpg-query', '@cdktf/hcl2json', 'ts-morph'];
/** The code source's tree-sitter runtime and grammars, loaded beside themselves: copied, trimmed to what is loaded. */
const REQUIRED_AT_RUN_TIME = {
  // the code source: the tree-sitter runtime (imported, and loading its .wasm beside itself) and each
  // grammar's .wasm, found with require.resolve (src/sources/code/host.ts)
  'web-tree-sitter': ['package.json', 'LICENSE', 'web-tree-sitter.js', 'web-tree-sitter.wasm'],
  'tree-sitter-python': ['package.json', 'LICENSE', 'tree-sitter-python.wasm'],
  'tree-sitter-go': ['package.json', 'LICENSE', 'tree-sitter-go.wasm'],
  'tree-sitter-java': ['package.json', 'LICENSE', 'tree-sitter-java.wasm'],
  '@tree-sitter-grammars/tree-sitter-kotlin': ['package.json', 'LICENSE', 'tree-sitter-kotlin.wasm'],
  'tree-sitter-ruby': ['package.json', 'LICENSE', 'tree-sitter-ruby.wasm'],
  'tree-sitter-php': ['package.json', 'LICENSE', 'tree-sitter-php.wasm'],
  'tree-sitter-c-sharp': ['package.json', 'LICENSE', 'tree-sitter-c_sharp.wasm'],
};
/** Optional native add-on `pg` tries to require inside a try/catch. */
const ABSENT = ['pg-native'];

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/action/main.ts', worker: 'src/sources/typescript/worker.ts', 'code-worker': 'src/sources/code/code-worker.ts', 'hcl-worker': 'src/sources/terraform/hcl-worker.ts' },
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...COPIED_PACKAGES, ...ABSENT, 'web-tree-sitter'],
  // CommonJS dependencies call require() for Node built-ins; ESM output needs a real require.
  banner: { js: "import { createRequire as __policyproofCreateRequire } from 'node:module';\nconst require = __policyproofCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  sourcemap: false,
  minify: true,
  keepNames: true,
  charset: 'utf8',
  logLevel: 'warning',
});

// The repository ignores node_modules/ everywhere; dist/node_modules is part of the bundle.
await writeFile(path.join(out, '.gitignore'), '# Written by scripts/build-action.mjs: dist/node_modules is part of the committed bundle.\n!node_modules/\n');
await writeFile(path.join(out, 'package.json'), `${JSON.stringify({ name: 'policyproof-action-dist', private: true, type: 'module' }, null, 2)}\n`);

/** Copies a folder's files in sorted order, skipping nested node_modules and what `skip` rejects. */
async function copyTree(from, to, skip = () => false) {
  const entries = (await readdir(from, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  await mkdir(to, { recursive: true });
  for (const e of entries) {
    if (e.name === 'node_modules' || skip(e.name, e)) continue;
    const src = path.join(from, e.name);
    if (e.isDirectory()) await copyTree(src, path.join(to, e.name), skip);
    else if (e.isFile()) await copyFile(src, path.join(to, e.name));
  }
}

await copyTree(path.join(root, 'schemas'), path.join(out, 'schemas'));
// rules/: the data tables only; the rule modules themselves are in the bundle.
await copyTree(path.join(root, 'rules'), path.join(out, 'rules'), (name, e) => e.isFile() && !/\.(ya?ml|json)$/.test(name));

/** node_modules/<name> as Node would find it from `fromDir` (walking up), or undefined. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The package's folder and, recursively, its runtime dependencies, into dist/node_modules. */
const copied = new Set();
async function copyPackage(name, fromDir) {
  if (copied.has(name)) return;
  copied.add(name);
  const dir = packageDir(name, fromDir);
  if (!dir) return; // an optional dependency that is not installed
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  await copyTree(dir, path.join(out, 'node_modules', name), (file, e) => e.isFile() && /\.(d\.ts|d\.mts|d\.cts|map|md)$/.test(file));
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).sort()) {
    if (dep.startsWith('@types/')) continue; // declarations only
    await copyPackage(dep, dir);
  }
}
for (const name of COPIED_PACKAGES) await copyPackage(name, root);

process.stderr.write(`build-action: wrote ${path.relative(root, out) || '.'}\n`);

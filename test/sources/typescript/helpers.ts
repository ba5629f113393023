import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readTextFile } from '../../../src/engine/files.js';
import { afterEach } from 'vitest';
import { scanTypeScript } from '../../../src/sources/typescript/index.js';
import type { SourceContext, SourceResult } from '../../../src/core/types.js';

/** A throw-away repository on disk with the given files, and the SourceContext the engine would give. */
export function repo(files: Record<string, string | Buffer>): { ctx: SourceContext; root: string; logs: string[]; cleanup(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'pp-ts-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { root, ...contextFor(root, Object.keys(files).sort()), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function contextFor(root: string, files: string[]): { ctx: SourceContext; logs: string[] } {
  const logs: string[] = [];
  const ctx: SourceContext = {
    root,
    files,
    async read(file) {
      const r = await readTextFile(root, file);
      return r.text ?? r.diagnostic;
    },
    log: (m) => logs.push(m),
  };
  return { ctx, logs };
}

/**
 * `scan(files)`: the TypeScript source over a throw-away repository (`scan.repo(files)` for the
 * repository alone); every repository made is removed after each test of the file that calls this.
 */
export function tempScanner(): ((files: Record<string, string | Buffer>) => Promise<SourceResult>) & { repo: typeof repo } {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const tracked = (files: Record<string, string | Buffer>) => {
    const r = repo(files);
    cleanups.push(r.cleanup);
    return r;
  };
  const scan = async (files: Record<string, string | Buffer>) => (await scanTypeScript(tracked(files).ctx)).result;
  return Object.assign(scan, { repo: tracked });
}

export { store } from '../../support/stores.js';

/**
 * Worker threads run compiled JavaScript: a source adapter and its worker script bundled with esbuild
 * into a new folder of node_modules/.cache, worker.js beside index.js as in build/. Returns the folder
 * (the caller removes it) and the bundled adapter module.
 */
export async function bundleWithWorker<T>(prefix: string, index: string, worker: string, workerName = 'worker', others: Record<string, string> = {}): Promise<{ outdir: string; compiled: T }> {
  const { build } = await import('esbuild');
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  mkdirSync(path.join(projectRoot, 'node_modules', '.cache'), { recursive: true });
  const outdir = mkdtempSync(path.join(projectRoot, 'node_modules', '.cache', prefix));
  await build({
    entryPoints: { index: path.resolve(projectRoot, index), [workerName]: path.resolve(projectRoot, worker), ...Object.fromEntries(Object.entries(others).map(([k, v]) => [k, path.resolve(projectRoot, v)])) },
    outdir, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent',
  });
  return { outdir, compiled: (await import(pathToFileURL(path.join(outdir, 'index.js')).href)) as T };
}

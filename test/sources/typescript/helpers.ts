import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTextFile } from '../../../src/engine/files.js';
import type { SourceContext } from '../../../src/core/types.js';

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

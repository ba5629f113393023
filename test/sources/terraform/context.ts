import fs from 'node:fs';
import path from 'node:path';
import type { SourceContext, SourceResult, Store } from '../../../src/core/types.js';
import { scanTerraform } from '../../../src/sources/terraform/index.js';

/** A SourceContext over in-memory files, as the engine would give it (sorted, repository-relative). */
export function memoryContext(files: Record<string, string | Buffer>, extraResources?: unknown[]): SourceContext {
  return {
    root: '/repo',
    files: Object.keys(files).sort(),
    extraResources,
    log: () => {},
    async read(file) {
      const content = files[file];
      if (content === undefined) return { code: 'unreadable-file', message: 'no such file', location: { file, line: 1, column: 1 } };
      if (Buffer.isBuffer(content)) {
        if (content.includes(0)) return { code: 'skipped-file', message: 'binary file (it holds NUL bytes); not read', location: { file, line: 1, column: 1 } };
        return content.toString('utf8');
      }
      return content;
    },
  };
}

/** A SourceContext over a folder on disk. */
export function folderContext(root: string, extraResources?: unknown[]): SourceContext {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else files.push(path.relative(root, abs).split(path.sep).join('/'));
    }
  };
  walk(root);
  files.sort();
  return {
    root,
    files,
    extraResources,
    log: () => {},
    async read(file) {
      const buf = fs.readFileSync(path.join(root, file));
      if (buf.includes(0)) return { code: 'skipped-file', message: 'binary file (it holds NUL bytes); not read', location: { file, line: 1, column: 1 } };
      return buf.toString('utf8');
    },
  };
}

/** The Terraform source over in-memory files. */
export async function scan(files: Record<string, string | Buffer>, extra?: unknown[]): Promise<SourceResult> {
  return scanTerraform(memoryContext(files, extra));
}

/** The retention of a store in one line: "known P14D @7", "forever @3", "unknown: reason @5". */
export function retention(s: Store): string[] {
  return s.retention.map((e) =>
    e.status === 'known' ? `known ${e.duration!.text} @${e.location.line}` : e.status === 'forever' ? `forever @${e.location.line}` : `unknown: ${e.reason} @${e.location.line}`,
  );
}

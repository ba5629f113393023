import type { SourceContext, SourceResult, Store } from '../../../src/core/types.js';
import { sqlSource } from '../../../src/sources/sql/index.js';

/** Runs the SQL source over in-memory files, as the engine would. */
export async function scanFiles(files: Record<string, string>, logs: string[] = [], config: Partial<SourceContext> = {}): Promise<SourceResult> {
  const ctx: SourceContext = {
    root: '/repo',
    files: Object.keys(files).sort(),
    async read(file) {
      return files[file];
    },
    log(message) {
      logs.push(message);
    },
    ...config,
  };
  return sqlSource.scan(ctx);
}

export function store(result: SourceResult, id: string): Store {
  const s = result.stores.find((x) => x.id === id);
  if (!s) throw new Error(`no store ${id}; have ${result.stores.map((x) => x.id).join(', ')}`);
  return s;
}

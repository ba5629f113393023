import { createRequire } from 'node:module';
import type { ts } from 'ts-morph';

/**
 * The TypeScript compiler API: the one ts-morph ships (`import { ts } from "ts-morph"`), so the
 * syntax-only fast path and the cross-file resolver (resolve.ts) use one and the same compiler.
 */
export type TypeScriptApi = typeof ts;

let loaded: TypeScriptApi | undefined;

/**
 * Loaded on first use (~9 MB of JavaScript; `--version` must not pay for it). Loaded with require:
 * an ESM import of this CommonJS file would first run Node's export scanner over all of it, which
 * costs more than the load itself.
 */
export async function loadTypeScript(): Promise<TypeScriptApi> {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = (require('ts-morph') as { ts: TypeScriptApi }).ts;
  return loaded;
}

import { createRequire } from 'node:module';
import type * as TS from 'typescript';

export type TypeScriptApi = typeof TS;

let loaded: TypeScriptApi | undefined;

/**
 * The TypeScript compiler API, loaded on first use (~9 MB of JavaScript; `--version` must not pay
 * for it). Loaded with require: an ESM import of this CommonJS file would first run Node's export
 * scanner over all of it, which costs more than the load itself.
 */
export async function loadTypeScript(): Promise<TypeScriptApi> {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = require('typescript') as TypeScriptApi;
  return loaded;
}

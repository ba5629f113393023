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
  loaded = compilerOfTsMorph() ?? (createRequire(import.meta.url)('ts-morph') as { ts: TypeScriptApi }).ts;
  return loaded;
}

/**
 * The compiler file ts-morph's own `ts` is (`@ts-morph/common/dist/typescript.js`, the module
 * `require('ts-morph').ts` returns, so later loads of ts-morph share it), without the rest of
 * ts-morph: a worker thread that only parses saves ~25 MB. Found from ts-morph's own location.
 */
function compilerOfTsMorph(): TypeScriptApi | undefined {
  try {
    const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
    const common = createRequire(fromTsMorph.resolve('@ts-morph/common'));
    return common('./typescript.js') as TypeScriptApi;
  } catch {
    return undefined;
  }
}

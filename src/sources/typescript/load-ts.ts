import type * as TS from 'typescript';

export type TypeScriptApi = typeof TS;

let loaded: Promise<TypeScriptApi> | undefined;

/**
 * The TypeScript compiler API, loaded on first use (it is ~9 MB of JavaScript; `--version` must not pay
 * for it). `typescript` first; ts-morph bundles the same compiler, so it serves when only it is installed.
 */
export function loadTypeScript(): Promise<TypeScriptApi> {
  loaded ??= (async () => {
    try {
      const mod = (await import('typescript')) as unknown as { default?: TypeScriptApi } & TypeScriptApi;
      return mod.default ?? mod;
    } catch {
      const morph = (await import('ts-morph')) as unknown as { ts: TypeScriptApi };
      return morph.ts;
    }
  })();
  return loaded;
}

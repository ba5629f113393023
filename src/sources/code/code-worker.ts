import { parentPort } from 'node:worker_threads';
import { TreeSitterHost } from './host.js';
import { LANGUAGES } from './languages.js';
import type { FileIndex, LanguageId } from './model.js';
import { parseFile, type ParsedFile } from './parse.js';
import type { PoolRequest, PoolResponse } from '../typescript/pool.js';

/**
 * A worker thread of the code source (the TypeScript source's pool.ts protocol): receives batches
 * of files, answers with what parse.ts makes of each. The tree-sitter runtime and each grammar load
 * once per thread and stay for later batches and scans. A worker reads no files and is sent no file
 * with `@retention` (whose constants need the repository's imports): those stay in the main thread.
 */
export interface CodeItem {
  file: string;
  lang: LanguageId;
  text: string;
  /** grammar files by language (tests) */
  wasm?: Partial<Record<LanguageId, string>>;
  budgetMs?: number;
}

/** The repository is not known here: a file whose module table is needed is read in the main thread. */
const unknown = (): never => {
  throw new Error('a worker thread was asked about the repository');
};
const NO_FILES: FileIndex = { has: unknown, endingWith: unknown, inDir: unknown, goModule: unknown };

const hosts = new Map<string, TreeSitterHost>();
const hostFor = (wasm: CodeItem['wasm']) => {
  const key = JSON.stringify(wasm ?? {});
  let host = hosts.get(key);
  if (!host) hosts.set(key, (host = new TreeSitterHost(wasm)));
  return host;
};

const port = parentPort;
if (port) {
  port.on('message', (req: PoolRequest<CodeItem>) => {
    void (async () => {
      const results: ParsedFile[] = [];
      for (const { file, lang, text, wasm, budgetMs } of req.items) {
        const module = LANGUAGES.find((l) => l.id === lang);
        if (!module) throw new Error(`no language ${lang}`);
        results.push(await parseFile(hostFor(wasm), module, file, text, NO_FILES, false, undefined, budgetMs));
      }
      return results;
    })().then(
      (results) => port.postMessage({ id: req.id, results } satisfies PoolResponse<ParsedFile>),
      (e: unknown) => port.postMessage({ id: req.id, error: (e as Error).message } satisfies PoolResponse<ParsedFile>),
    );
  });
}

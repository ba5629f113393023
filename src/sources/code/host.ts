import { createRequire } from 'node:module';
import type { Language, Parser, Tree } from 'web-tree-sitter';
import type { LanguageId, LanguageModule } from './model.js';

/**
 * The tree-sitter host: the WebAssembly runtime and one parser per language, loaded on first use
 * from the grammars' own npm packages (no native build, nothing downloaded). A grammar that does
 * not load is remembered with its reason, so the scan says so once and reads the other languages.
 */
type Runtime = typeof import('web-tree-sitter');

let runtime: Promise<Runtime> | undefined;

async function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const ts = await import('web-tree-sitter');
    await ts.Parser.init();
    return ts;
  })();
  return runtime;
}

/** Longest time one file may take to parse before it is given up (a pathological input must not hang the scan). */
export const PARSE_BUDGET_MS = 10_000;

export class TreeSitterHost {
  private readonly parsers = new Map<LanguageId, Promise<Parser | Error>>();

  /** @param wasmOverride grammar files by language, for tests (a missing file is a grammar that fails to load) */
  constructor(private readonly wasmOverride: Partial<Record<LanguageId, string>> = {}) {}

  /** The parser of a language, or the error that kept its grammar from loading. */
  parser(lang: LanguageModule): Promise<Parser | Error> {
    let p = this.parsers.get(lang.id);
    if (!p) {
      p = this.load(lang).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      this.parsers.set(lang.id, p);
    }
    return p;
  }

  private async load(lang: LanguageModule): Promise<Parser> {
    const ts = await loadRuntime();
    const file = this.wasmOverride[lang.id] ?? createRequire(import.meta.url).resolve(lang.wasm);
    let language: Language;
    try {
      language = await ts.Language.load(file);
    } catch (e) {
      const why = (e as Error).message || 'the WebAssembly module is not one this tree-sitter runtime reads';
      throw new Error(`${lang.label} grammar (${file.slice(file.lastIndexOf('/') + 1)}) could not be loaded: ${why}`);
    }
    const parser = new ts.Parser();
    parser.setLanguage(language);
    return parser;
  }

  /** A syntax tree, or the reason there is none. The caller deletes the tree. */
  parse(parser: Parser, text: string, budgetMs = PARSE_BUDGET_MS): Tree | string {
    const deadline = Date.now() + budgetMs;
    let cancelled = false;
    try {
      const tree = parser.parse(text, null, {
        progressCallback: () => {
          if (Date.now() > deadline) cancelled = true;
          return cancelled;
        },
      } as never);
      parser.reset();
      if (!tree) return cancelled ? `the parser gave up after ${budgetMs / 1000} s` : 'the parser returned no tree';
      return tree;
    } catch (e) {
      parser.reset();
      return `the parser failed: ${(e as Error).message || String(e)}`;
    }
  }
}

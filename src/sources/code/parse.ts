import type { FileScan } from '../typescript/model.js';
import { emptyScan, extractTree } from './extract.js';
import type { TreeSitterHost } from './host.js';
import type { FileIndex, LanguageModule, ModelHint } from './model.js';

/** One file read with tree-sitter: its scan, the models it maps for other files, or why its grammar did not load. */
export interface ParsedFile {
  scan?: FileScan;
  hints: ModelHint[];
  /** the reason the file's grammar could not be loaded (the file is not read) */
  grammar?: string;
}

/**
 * Parses and extracts one file: the same in this thread and in a worker thread (code-worker.ts), so
 * the two give the same bytes. A pathological tree is a note on the file, never a thrown error.
 */
export async function parseFile(host: TreeSitterHost, lang: LanguageModule, file: string, text: string, files: FileIndex, withModule: boolean, tables?: ReadonlyMap<string, string>, budgetMs?: number): Promise<ParsedFile> {
  const parser = await host.parser(lang);
  if (parser instanceof Error) return { hints: [], grammar: parser.message };
  const tree = host.parse(parser, text, budgetMs);
  if (typeof tree === 'string') {
    const scan = emptyScan(file);
    scan.diagnostics.push({ code: 'parse-error', message: `${tree}; file not read`, location: { file, line: 1, column: 1 } });
    return { scan, hints: [] };
  }
  let hints: ModelHint[] = [];
  try {
    if (lang.modelHints && lang.modelMarkers.test(text)) hints = lang.modelHints(tree.rootNode);
    return { scan: extractTree(lang, tree.rootNode, file, text, files, withModule, tables), hints };
  } catch (e) {
    // A pathological tree must not stop the scan of the other files.
    const scan = emptyScan(file);
    const why = e instanceof RangeError ? 'the code is nested too deeply to read' : `internal error while reading: ${(e as Error).message}`;
    scan.diagnostics.push({ code: 'parse-error', message: why, location: { file, line: 1, column: 1 } });
    return { scan, hints };
  } finally {
    tree.delete();
  }
}

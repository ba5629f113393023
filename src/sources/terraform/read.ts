/**
 * Reading the Terraform files: each is read and made safe for the parser here (lines too long,
 * blocks too large or too deeply nested are blanked, each with a note), then parsed by hcl2json —
 * in this thread, or, when there are enough files to pay for it, also on worker threads (hcl-worker.ts),
 * while this thread parses the batches they have not started. A file's result does not depend on
 * the thread that parsed it; the files come back in the order they were given.
 */
import { availableParallelism } from 'node:os';
import type { Diagnostic, SourceContext } from '../../core/types.js';
import { LineIndex, splitLines } from '../../core/text.js';
import { jsonDeeperThan, refuseDeepBlocks, refuseLargestBlocks, refuseLongLines } from '../../core/nesting.js';
import { ParseThreads, workerScript, type ParseThreadsOptions } from '../typescript/pool.js';
import { parseHcl, type HclItem, type HclResult, type Json } from './hcl.js';
import { outline, type OutlineBlock } from './outline.js';

export type { Json } from './hcl.js';

export interface ParsedFile {
  file: string;
  json: Json;
  blocks: OutlineBlock[];
  lines: string[];
}

type Outlined = Pick<ParsedFile, 'blocks' | 'lines'>;

/** Deeper nesting than real Terraform ever needs; hcl2json's runtime crashes past ~2,000. */
const MAX_NESTING = 256;
/**
 * More `?` in one block than real Terraform holds: hcl2json recurses into each conditional of a
 * chain and runs out of stack near 19,000 (RangeError), after which its runtime crashes the process.
 */
const MAX_CONDITIONALS = 5_000;
/** Hand-written Terraform is kilobytes; hcl2json needs ~15 s per MB, so bigger files are skipped with a warning. */
const MAX_TF_BYTES = 1_000_000;
/** a longer line is refused with its block (a comment line alone), not the whole file */
const MAX_TF_LINE = 100_000;
/** Files per message to a thread: hcl2json takes ~1 ms for a typical file. */
const BATCH = 16;
/** HCL files below which no thread starts (a thread's start, hcl2json's WebAssembly, is ~150 ms). */
const THREAD_THRESHOLD = 200;
/**
 * A thread's stack as deep as the main thread's (V8's 984 KB + the 192 KB Node keeps in reserve):
 * hcl2json recurses once per nested conditional, and a file that runs out of stack in this thread
 * (~19,000 levels) must run out in a worker too, or the result would depend on the thread.
 */
const THREAD_STACK_MB = 1.15;

/**
 * The files read and parsed, in the order given (those that could not be are left out, with a note
 * in `diagnostics`, also in that order), and how many worker threads parsed some of them.
 * `opts.workers`: 0 parses in this thread only.
 */
export async function readTerraformFiles(ctx: SourceContext, files: string[], diagnostics: Diagnostic[], opts: ParseThreadsOptions = {}): Promise<{ parsed: ParsedFile[]; threads: number }> {
  const notes: Diagnostic[][] = files.map(() => []);
  const parsed: Array<ParsedFile | undefined> = [];
  // where each block and attribute starts, and the lines: read while the threads parse
  const waiting: Array<Outlined | undefined> = [];
  // This thread parses too: the threads are the other cores.
  const workers = opts.workers ?? (files.length >= THREAD_THRESHOLD ? Math.max(1, availableParallelism() - 1) : 0);
  const threads = new ParseThreads<HclItem, HclResult>(
    { script: workerScript(import.meta.url, './hcl-worker.js'), label: 'terraform', log: ctx.log, batch: BATCH, filesPerThread: THREAD_THRESHOLD, mainThreadMinBatches: 1, stackSizeMb: THREAD_STACK_MB },
    { workers },
    parseHcl,
  );
  for (let i = 0; i < files.length; i++) {
    // the threads' start and answers need the event loop now and then
    if (workers > 0 && i % BATCH === BATCH - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    const file = files[i];
    const ready = await prepare(ctx, file, notes[i]);
    if (!ready) continue;
    if ('parsed' in ready) {
      parsed[i] = ready.parsed;
      continue;
    }
    const item = { file, text: ready.parseable };
    const outlined = { blocks: outline(ready.parseable), lines: splitLines(ready.text) };
    if (threads.add(i, item, files.length)) waiting[i] = outlined;
    else parsed[i] = complete(file, outlined, (await parseHcl([item]))[0], notes[i]);
  }
  for (const { index, parsed: result } of await threads.finish()) {
    const outlined = waiting[index]!;
    waiting[index] = undefined;
    parsed[index] = complete(files[index], outlined, result, notes[index]);
  }
  for (const n of notes) diagnostics.push(...n);
  return { parsed: parsed.filter((p): p is ParsedFile => p !== undefined), threads: threads.used };
}

/**
 * A file read and made ready for the parser: a `.tf.json`/`.tfvars.json` already read (JSON), an
 * HCL file with the text to parse, or undefined (unreadable, binary, too large: its note said why).
 */
async function prepare(ctx: SourceContext, file: string, diagnostics: Diagnostic[]): Promise<{ parsed: ParsedFile } | { text: string; parseable: string } | undefined> {
  const text = await ctx.read(file);
  if (typeof text !== 'string') {
    diagnostics.push(text);
    return undefined;
  }
  if (text.includes('\u0000')) {
    diagnostics.push({ code: 'skipped-file', message: 'binary file (it holds NUL bytes); not read', location: { file, line: 1, column: 1 } });
    return undefined;
  }
  if (file.endsWith('.tfvars.json') || file.endsWith('.tf.json')) {
    // JSON syntax: .tfvars.json holds literal values; .tf.json the same blocks as HCL, with
    // expressions in "${…}" strings (the shape the HCL parser gives), but no positions to report
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      diagnostics.push({ code: 'parse-error', message: `Terraform JSON: ${(e as Error).message.slice(0, 300)}`, location: { file, line: 1, column: 1 } });
      return undefined;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      diagnostics.push({ code: 'parse-error', message: `Terraform: a ${file.endsWith('.tf.json') ? '.tf.json' : '.tfvars.json'} file must hold one JSON object`, location: { file, line: 1, column: 1 } });
      return undefined;
    }
    refuseDeepJson(json as Json, file, text, diagnostics);
    return { parsed: { file, json: json as Json, blocks: [], lines: splitLines(text) } };
  }
  // a line too long for the parser is refused with its block (or alone, a comment); the rest is read
  const { text: short, refused: long } = refuseLongLines(text, MAX_TF_LINE, { hash: true });
  for (const r of long) {
    const what = r.block ? `the block it is in (lines ${r.block.line}–${r.block.endLine}) was not parsed` : 'this line was not parsed';
    diagnostics.push({ code: 'parse-error', message: `Terraform: a line of ${r.length} characters (over ${MAX_TF_LINE}); ${what}, the rest of the file was`, location: { file, line: r.line, column: 1 } });
  }
  // a file too large for the parser is read without its largest blocks when they are what makes it large
  const fitted = short.length > MAX_TF_BYTES ? refuseLargestBlocks(short, MAX_TF_BYTES, { hash: true }) : undefined;
  for (const r of fitted?.refused ?? []) {
    const message = `Terraform: a block of ${r.length} characters (lines ${r.line}–${r.endLine}) in a file over ${MAX_TF_BYTES / 1e6} MB; this block was not parsed, the rest of the file was`;
    diagnostics.push({ code: 'parse-error', message, location: { file, line: r.line, column: 1 } });
  }
  if (!fitted && short.length > MAX_TF_BYTES) {
    diagnostics.push({
      code: 'skipped-file',
      message: `Terraform file of ${(short.length / 1e6).toFixed(1)} MB; files over ${MAX_TF_BYTES / 1e6} MB are not parsed (the HCL parser slows to minutes on them)`,
      location: { file, line: 1, column: 1 },
    });
    return undefined;
  }
  // a block nested too deep is refused on its own; the rest of the file is parsed (positions kept)
  const { text: parseable, refused } = refuseDeepBlocks(fitted?.text ?? short, MAX_NESTING, { hash: true }, MAX_CONDITIONALS);
  for (const r of refused) {
    const what = r.conditionals === undefined ? `nested more than ${MAX_NESTING} levels deep (${r.depth})` : `with more than ${MAX_CONDITIONALS} conditionals (${r.conditionals} "?")`;
    diagnostics.push({ code: 'parse-error', message: `Terraform: a block ${what}; this block was not parsed, the rest of the file was`, location: { file, line: r.line, column: r.column } });
  }
  return { text, parseable };
}

/** The parsed file, or its parse error as a note at the line and column hcl2json gives. */
function complete(file: string, outlined: Outlined, result: HclResult, diagnostics: Diagnostic[]): ParsedFile | undefined {
  if (result.error === undefined) return { file, json: result.json, ...outlined };
  let message = result.error;
  if (result.overflow) message = 'an expression nested too deeply for the HCL parser (an operator chain thousands long); file not read';
  // "parse config: [main.tf:2,7-3,1: Invalid expression; Expected the start of an expression …]"
  const m = /:(\d+),(\d+)-(?:\d+,)?\d+:\s*([^\]]*?)(?:\s+\S+\.tf(?:vars)?:\d+,\d+|\]|$)/.exec(message);
  const line = m ? Number(m[1]) : 1;
  const column = m ? Number(m[2]) : 1;
  const detail = (m ? m[3] : message.replace(/^parse config:\s*/, '')).trim().replace(/\s+/g, ' ');
  diagnostics.push({ code: 'parse-error', message: `Terraform: ${detail.slice(0, 300)}`, location: { file, line, column } });
  return undefined;
}

/**
 * JSON.parse builds any depth, but the evaluator walks values recursively: an entry (a resource,
 * a local, a variable) nested deeper than MAX_NESTING is refused on its own, with a note at its
 * name; the rest of the file is read.
 */
function refuseDeepJson(json: Json, file: string, text: string, diagnostics: Diagnostic[]): void {
  if (!jsonDeeperThan(json, MAX_NESTING + 3)) return;
  const index = new LineIndex(text);
  const refuse = (holder: Json, key: string, label: string) => {
    if (!jsonDeeperThan(holder[key], MAX_NESTING)) return;
    delete holder[key];
    const at = text.indexOf(JSON.stringify(key));
    diagnostics.push({
      code: 'parse-error',
      message: `Terraform JSON: ${label} is nested more than ${MAX_NESTING} levels deep; it was not read, the rest of the file was`,
      location: { file, ...index.position(Math.max(0, at)) },
    });
  };
  const tfvars = file.endsWith('.tfvars.json');
  for (const k of Object.keys(json)) {
    const v = json[k];
    if (tfvars || v === null || typeof v !== 'object' || Array.isArray(v)) {
      refuse(json, k, tfvars ? `variable ${k}` : k);
      continue;
    }
    for (const t of Object.keys(v)) {
      const inner = (v as Json)[t];
      const blocks = (k === 'resource' || k === 'data') && inner !== null && typeof inner === 'object' && !Array.isArray(inner);
      if (blocks) for (const n of Object.keys(inner)) refuse(inner as Json, n, `${k === 'data' ? 'data.' : ''}${t}.${n}`);
      else refuse(v as Json, t, `${k} ${t}`);
    }
  }
}


/**
 * Positions inside parsed YAML (and JSON, which YAML reads too): the line of a key, the comment
 * lines above a node, and the value as plain data with alias expansion bounded.
 */
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { Location } from '../../core/types.js';
import { LineIndex } from '../../core/text.js';

/** A parsed document with what is needed to point into its file. */
export interface LocatedDoc {
  doc: Document.Parsed;
  file: string;
  lines: string[];
  /** 1-based line and column of an offset in the parsed text */
  linePos: (offset: number) => { line: number; col: number };
  /** added to every line (an embedded config inside a ConfigMap's block scalar) */
  lineOffset: number;
  columnOffset: number;
}

export function locationOf(d: LocatedDoc, offset: number | undefined): Location {
  if (offset === undefined) return { file: d.file, line: 1 + d.lineOffset, column: 1 };
  const p = d.linePos(offset);
  return { file: d.file, line: p.line + d.lineOffset, column: p.col + (p.line === 1 ? 0 : d.columnOffset) };
}

/** Line positions of a text, computed once (the text layer's line index). */
export function linePositions(text: string): (offset: number) => { line: number; col: number } {
  const index = new LineIndex(text);
  return (offset: number) => {
    const p = index.position(offset);
    return { line: p.line, col: p.column };
  };
}

/** The location of the key at `path` (or of the deepest existing ancestor key). */
export function keyLocation(d: LocatedDoc, path: Array<string | number>): Location {
  let node: unknown = d.doc.contents;
  let best: number | undefined = (d.doc.contents as YamlNode | null)?.range?.[0];
  for (const step of path) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      best = (pair.key as YamlNode).range?.[0] ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as YamlNode | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return locationOf(d, best);
}

/** The node at `path`, for its range. */
export function nodeAt(d: LocatedDoc, path: Array<string | number>): YamlNode | undefined {
  const n = d.doc.getIn(path, true);
  return n && typeof n === 'object' && 'range' in (n as object) ? (n as YamlNode) : undefined;
}

/** The comment lines directly above a line of the file, with their positions (for annotations). */
export function commentLinesAbove(lines: string[], line: number): Array<{ text: string; line: number; column: number }> {
  const out: Array<{ text: string; line: number; column: number }> = [];
  for (let n = line - 1; n >= 1; n--) {
    const m = /^(\s*#\s?)([^]*)$/.exec(lines[n - 1] ?? ''); // [^]: a comment may hold U+2028
    if (!m) break;
    out.unshift({ text: m[2], line: n, column: m[1].length + 1 });
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function get(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

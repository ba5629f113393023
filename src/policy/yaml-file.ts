import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import type { Locate, Location } from '../core/types.js';
import { toText } from '../core/text.js';
import { yamlTooDeep } from '../core/yaml-depth.js';

/**
 * Policy files are small; anything this large is refused before it is parsed, so a hostile or
 * accidental huge file costs a stat, not a parse. 4 MiB leaves room for very long paragraphs.
 */
export const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;

/** Aliases a policy file may expand; a "billion laughs" file needs far more. */
export const MAX_ALIAS_COUNT = 100;

export { MAX_FLOW_NESTING } from '../core/yaml-depth.js';

/** A load error: the message is one line, `file:line:column: reason`. */
export class PolicyError extends Error {
  readonly location?: Location;
  /** the reason without the location prefix */
  readonly reason: string;
  constructor(reason: string, location?: Location) {
    super(location ? `${location.file}:${location.line}:${location.column}: ${reason}` : reason);
    this.name = 'PolicyError';
    this.reason = reason;
    this.location = location;
  }
}

export interface YamlFile {
  file: string;
  raw: string;
  doc: Document;
  data: unknown;
  locate: Locate;
  /** position of a map key (for unknown keys), falling back to the nearest node */
  locateKey: (path: ReadonlyArray<string | number>, key: string) => Location;
}

type Range = [number, number, number];
interface Ranged {
  range?: Range | null;
}

function oneLine(s: string): string {
  return s.split('\n')[0]!.replace(/\s+/g, ' ').trim();
}

/**
 * Decodes a policy file through the text layer (UTF-8 or UTF-16, BOMs, every line break → LF);
 * binary content and invalid bytes are refused: a policy's words must be exactly what was written.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  const decoded = toText(bytes);
  if (decoded.binary !== undefined) throw new PolicyError(`binary content ${decoded.binary.replace(/^binary file /, '').replace(/; not read$/, '')}; a policy file must be YAML text`, { file, line: 1, column: 1 });
  if (decoded.note) throw new PolicyError(`${decoded.note.message.replace(/;.*$/, '')} text`, { file, line: decoded.note.line, column: decoded.note.column });
  return decoded.text;
}

export function refuseLarge(size: number, file: string): void {
  if (size > MAX_POLICY_FILE_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new PolicyError(`file is ${mb(size)}; policy files are limited to ${mb(MAX_POLICY_FILE_BYTES)} (refused without parsing)`, { file, line: 1, column: 1 });
  }
}

/** Parses one YAML document strictly (YAML 1.2 core schema, unique keys, bounded aliases). */
export function parseYamlFile(raw: string, file: string): YamlFile {
  const lc = new LineCounter();
  const deep = yamlTooDeep(raw);
  if (deep !== undefined) throw new PolicyError(`collections nested more than ${deep.limit} levels deep; refused without parsing`, { file, line: deep.line, column: deep.column });
  const doc = parseDocument(raw, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2', schema: 'core', merge: true });
  const at = (offset: number, end?: number): Location => {
    const p = lc.linePos(Math.max(0, Math.min(offset, raw.length)));
    const loc: Location = { file, line: p.line, column: p.col };
    if (end !== undefined && end > offset) {
      const e = lc.linePos(Math.min(end, raw.length));
      loc.endLine = e.line;
      loc.endColumn = e.col;
    }
    return loc;
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const msg = oneLine(problem.message);
    throw new PolicyError(`YAML ${doc.errors.length ? 'syntax error' : 'problem'}: ${msg}`, at(problem.pos[0]));
  }

  const rangeOf = (node: unknown): Range | undefined => {
    const r = (node as Ranged | null | undefined)?.range;
    return r ?? undefined;
  };
  /** the deepest node (and the pair holding it) that exists along `path` */
  const walk = (path: ReadonlyArray<string | number>) => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value && rangeOf(pair.value) ? pair.value : pair.key;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined || !rangeOf(item)) break;
        keyNode = undefined;
        node = item;
      } else break;
    }
    return { node, keyNode };
  };
  const locate: Locate = (path) => {
    const { node, keyNode } = walk(path);
    const r = rangeOf(node);
    if (!r) return at(0);
    // a block mapping or list starts on the line after its key: point at the key
    const k = (isMap(node) || isSeq(node)) && keyNode ? rangeOf(keyNode) : undefined;
    return at(k ? k[0] : r[0], r[1]);
  };
  const locateKey = (path: ReadonlyArray<string | number>, key: string): Location => {
    const { node } = walk(path);
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === key);
      const r = pair ? rangeOf(pair.key) : undefined;
      if (r) return at(r[0], r[1]);
    }
    return locate(path);
  };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    let firstAlias: Range | undefined;
    visit(doc, {
      Alias(_, node) {
        firstAlias = rangeOf(node);
        return visit.BREAK;
      },
    });
    const reason = err instanceof Error && /alias/i.test(err.message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); refused as a possible "billion laughs" file`
      : `cannot read YAML: ${oneLine(String(err instanceof Error ? err.message : err))}`;
    throw new PolicyError(reason, at(firstAlias ? firstAlias[0] : 0));
  }
  return { file, raw, doc, data, locate, locateKey };
}

/**
 * Prisma schemas (`*.prisma`), read with @mrleebo/prisma-ast. A model is a table, a scalar field a
 * column; `@@map`/`@map` give the real names and `@@schema` the schema, so the store ids are the
 * SQL ones (`sql:table:public.customers`, `sql:column:public.customers.phone_number`) and the
 * engine pools a Prisma model with its migration and the live table. `///` comments directly above
 * a model or field, or trailing on its line, carry annotations (SPEC §3).
 */
import { dirname } from 'node:path';
import { parseAnnotations } from '../../core/annotations.js';
import { refuseDeepBlocks } from '../../core/nesting.js';
import { maskUnicodeBreaks, splitLines } from '../../core/text.js';
import type { CategoryClaim, CategoryReference, Diagnostic, Location, Source, SourceContext, SourceResult, Suppression } from '../../core/types.js';
import { builtinDataTypesFile } from '../../classify/index.js';

interface Loc {
  startLine?: number;
  startColumn?: number;
}
interface PNode {
  type: string;
  name?: string;
  text?: string;
  comment?: string;
  fieldType?: string | { type: string; name: string; params?: string[] };
  array?: boolean;
  optional?: boolean;
  kind?: string;
  group?: string;
  args?: Array<{ type: string; value: unknown }>;
  attributes?: PNode[];
  properties?: PNode[];
  location?: Loc;
}

type PrismaAst = {
  getSchema(source: string, options: { parser: unknown; visitor: unknown }): { list: PNode[] };
  parser: unknown;
  visitor: unknown;
};

let loading: Promise<PrismaAst> | undefined;

/**
 * @mrleebo/prisma-ast reads its own configuration (lilconfig, which can `require` a
 * prisma-ast.config.js) from the working directory when it is imported. The scanned repository is
 * never trusted to run code, so the import happens with our own package folder as working directory.
 */
function loadPrismaAst(): Promise<PrismaAst> {
  loading ??= (async () => {
    const before = process.cwd();
    let moved = false;
    try {
      process.chdir(dirname(dirname(builtinDataTypesFile())));
      moved = true;
    } catch {
      /* worker threads cannot chdir: the lead runs sources on the main thread */
    }
    try {
      const mod = (await import('@mrleebo/prisma-ast')) as unknown as {
        getSchema: PrismaAst['getSchema'];
        PrismaParser: new (config: { nodeLocationTracking: 'full' }) => unknown;
        VisitorClassFactory: (parser: unknown) => new () => unknown;
      };
      const parser = new mod.PrismaParser({ nodeLocationTracking: 'full' });
      const Visitor = mod.VisitorClassFactory(parser);
      return { getSchema: mod.getSchema, parser, visitor: new Visitor() };
    } finally {
      if (moved) process.chdir(before);
    }
  })();
  return loading;
}

const SCALARS: Record<string, string> = {
  String: 'text', Int: 'integer', BigInt: 'bigint', Float: 'double precision', Decimal: 'numeric',
  Boolean: 'boolean', DateTime: 'timestamp', Json: 'jsonb', Bytes: 'bytea',
};

const unquote = (v: unknown): string | undefined => (typeof v === 'string' ? v.replace(/^"(.*)"$/s, '$1') : undefined);

interface ParsedFile {
  file: string;
  text: string;
  schema?: { list: PNode[] };
  error?: Diagnostic;
  /** blocks refused for their depth */
  notes?: Diagnostic[];
}

/**
 * The blocks every schema file can name: Prisma's multi-file schemas (prisma/schema/*.prisma) use
 * models, enums and composite types defined in another file.
 */
interface Registry {
  /** models and views: a field of such a type is a relation, not a column */
  relations: Set<string>;
  enums: Set<string>;
  /** composite types (MongoDB): their fields are stored inside the model's document */
  types: Map<string, { block: PNode; file: string; lines: string[] }>;
}

/**
 * A `///` doc comment carries tags; so does a plain `//` comment that starts with one (people type
 * both), while prose in a `//` comment that mentions a tag (`// not an annotation: @category x`) does not.
 */
function carriesTags(text: string | undefined): text is string {
  return text !== undefined && (text.startsWith('///') || /^\/\/\s*@[A-Za-z]/.test(text));
}

/** Brackets nested deeper than this refuse their block (the parser recurses once per level). */
const MAX_PRISMA_NESTING = 64;

async function parsePrisma(text: string, file: string): Promise<ParsedFile> {
  const prisma = await loadPrismaAst();
  // prisma-ast's lexer stops a comment at U+2028 and refuses spaces before a line break; Prisma
  // does neither. Both are blanked or dropped in what the parser sees (lines and columns kept).
  const { text: parseable, refused } = refuseDeepBlocks(maskUnicodeBreaks(text).replace(/[ \t]+$/gm, ''), MAX_PRISMA_NESTING, { hash: false });
  const notes = refused.map((r): Diagnostic => ({ code: 'parse-error', message: `Prisma schema: a block nested more than ${MAX_PRISMA_NESTING} levels deep (${r.depth}); this block was not read, the rest of the file was`, location: { file, line: r.line, column: r.column } }));
  try {
    return { file, text, schema: prisma.getSchema(parseable, { parser: prisma.parser, visitor: prisma.visitor }), notes };
  } catch (e) {
    const err = e as { message?: string; token?: { startLine?: number; startColumn?: number } };
    return {
      file, text,
      error: {
        code: 'parse-error',
        message: `Prisma schema: ${(err.message ?? String(e)).split('\n')[0]}`,
        location: { file, line: err.token?.startLine ?? 1, column: err.token?.startColumn ?? 1 },
      },
    };
  }
}

function registryOf(files: ParsedFile[]): Registry {
  const reg: Registry = { relations: new Set(), enums: new Set(), types: new Map() };
  for (const f of files) {
    const lines = splitLines(f.text);
    for (const b of f.schema?.list ?? []) {
      if (!b.name) continue;
      if (b.type === 'model' || b.type === 'view') reg.relations.add(b.name);
      else if (b.type === 'enum') reg.enums.add(b.name);
      else if (b.type === 'type' && !reg.types.has(b.name)) reg.types.set(b.name, { block: b, file: f.file, lines });
    }
  }
  return reg;
}

export async function scanPrismaText(text: string, file: string): Promise<SourceResult> {
  const parsed = await parsePrisma(text, file);
  return storesOf(parsed, registryOf([parsed]));
}

function storesOf(parsed: ParsedFile, reg: Registry): SourceResult {
  const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [...(parsed.notes ?? [])], references: [] };
  const { file, text } = parsed;
  if (!parsed.schema) {
    if (parsed.error) out.diagnostics.push(parsed.error);
    return out;
  }
  const schema = parsed.schema;
  const lines = splitLines(text);

  const annotate = (comments: Array<{ text: string; line: number; column: number }>, storeId: string, claims: CategoryClaim[], inFile = file): void => {
    for (const c of comments) {
      const body = c.text.replace(/^\/\/\/?/, '');
      if (!body.includes('@')) continue;
      for (const a of parseAnnotations(body, c.line, c.column + (c.text.length - body.length))) {
        const location: Location = { file: inFile, line: a.line, column: a.column };
        if (a.tag === 'category') {
          for (const id of a.ids) {
            claims.push({ id, via: 'annotation', location });
            out.references.push({ id, tag: 'category', location } satisfies CategoryReference);
          }
        } else if (a.tag === 'policy-ignore') {
          out.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location, storeId } satisfies Suppression);
        } else if (a.tag === 'invalid') {
          out.diagnostics.push({ code: a.code ?? 'annotation-error', message: a.message, location } satisfies Diagnostic);
        } else {
          out.references.push({ id: a.id, tag: a.tag, location });
          out.diagnostics.push({ code: 'annotation-error', message: `@${a.tag} does not belong on a Prisma model or field`, location });
        }
      }
    }
  };
  /** `///` comments directly above list[i] (contiguous lines). */
  const above = (list: PNode[], i: number): Array<{ text: string; line: number; column: number }> => {
    const found: Array<{ text: string; line: number; column: number }> = [];
    let expected = (list[i].location?.startLine ?? 0) - 1;
    for (let k = i - 1; k >= 0; k--) {
      const n = list[k];
      // `///` is Prisma's doc comment; a plain `//` comment above counts too (people type both)
      if (n.type !== 'comment' || !carriesTags(n.text) || n.location?.startLine !== expected) break;
      found.unshift({ text: n.text, line: n.location.startLine, column: n.location.startColumn ?? 1 });
      expected--;
    }
    return found;
  };
  const trailing = (node: PNode, inLines = lines): Array<{ text: string; line: number; column: number }> => {
    if (!carriesTags(node.comment) || !node.location?.startLine) return [];
    const line = node.location.startLine;
    const col = (inLines[line - 1] ?? '').lastIndexOf(node.comment);
    return [{ text: node.comment, line, column: col >= 0 ? col + 1 : 1 }];
  };

  schema.list.forEach((block, bi) => {
    if (block.type !== 'model') return;
    const props = block.properties ?? [];
    const attr = (name: string) => props.find((p) => p.type === 'attribute' && p.kind === 'object' && p.name === name);
    const table = unquote(attr('map')?.args?.[0]?.value) ?? block.name ?? '?';
    const schemaName = unquote(attr('schema')?.args?.[0]?.value) ?? 'public';
    const key = `${schemaName}.${table}`;
    const tableId = `sql:table:${key}`;
    const tableClaims: CategoryClaim[] = [];
    annotate([...above(schema.list, bi), ...trailing(block)], tableId, tableClaims);
    const loc = block.location;
    out.stores.push({
      id: tableId, kind: 'table', name: key, source: 'prisma',
      location: { file, line: loc?.startLine ?? 1, column: loc?.startColumn ?? 1 },
      categories: tableClaims, dataTypes: [], retention: [], retentionBearing: true,
      details: { model: block.name ?? '' },
    });
    /**
     * The columns of a model's (or composite type's) fields. A composite-type field (MongoDB) is
     * stored inside the document: its type's fields are columns `<field>.<subfield>`, located where
     * the type declares them, with the annotations of both.
     */
    const fieldsOf = (list: PNode[], prefix: string, inFile: string, inLines: string[], inherited: CategoryClaim[], seen: string[]): void => {
      list.forEach((field, fi) => {
        if (field.type !== 'field' || !field.name) return;
        const ft = field.fieldType;
        const typeName = typeof ft === 'string' ? ft : ft?.name;
        // relation fields are not columns
        if (typeof ft === 'string' && reg.relations.has(ft)) return;
        if (field.attributes?.some((a) => a.name === 'relation' && a.kind === 'field')) return;
        const column = prefix + (unquote(field.attributes?.find((a) => a.name === 'map' && a.kind === 'field' && !a.group)?.args?.[0]?.value) ?? field.name);
        const id = `sql:column:${key}.${column}`;
        const claims: CategoryClaim[] = [...inherited];
        annotate([...above(list, fi), ...trailing(field, inLines)], id, claims, inFile);
        const composite = typeName ? reg.types.get(typeName) : undefined;
        if (composite && typeName && !seen.includes(typeName) && seen.length < 8) {
          fieldsOf(composite.block.properties ?? [], `${column}.`, composite.file, composite.lines, claims, [...seen, typeName]);
          return;
        }
        const native = field.attributes?.find((a) => a.group === 'db');
        let sqlType: string;
        if (native) {
          const args = (native.args ?? []).map((a) => String(a.value)).filter(Boolean);
          sqlType = `${(native.name ?? '').toLowerCase()}${args.length ? `(${args.join(',')})` : ''}`;
        } else if (typeof ft === 'object' && ft?.name === 'Unsupported') {
          sqlType = (unquote(ft.params?.[0]) ?? 'unsupported').toLowerCase();
        } else if (typeName && reg.enums.has(typeName)) {
          sqlType = typeName.toLowerCase();
        } else {
          sqlType = SCALARS[typeName ?? ''] ?? (typeName ?? '').toLowerCase();
        }
        if (field.array) sqlType += '[]';
        const identifier = prefix ? column.slice(column.lastIndexOf('.') + 1) : column;
        out.stores.push({
          id, kind: 'column', name: `${key}.${column}`, source: 'prisma',
          location: { file: inFile, line: field.location?.startLine ?? 1, column: field.location?.startColumn ?? 1 },
          parent: tableId, identifier, sqlType, categories: claims, dataTypes: [], retention: [], retentionBearing: false,
          ...(prefix ? { details: { model: block.name ?? '', type: seen[seen.length - 1] } } : column !== field.name ? { details: { field: field.name } } : {}),
        });
      });
    };
    fieldsOf(props, '', file, lines, [], []);
  });
  return out;
}

export const prismaSource: Source = {
  kind: 'prisma',
  async scan(ctx: SourceContext): Promise<SourceResult> {
    const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
    const parsed: ParsedFile[] = [];
    for (const file of ctx.files.filter((f) => f.endsWith('.prisma'))) {
      const text = await ctx.read(file);
      if (typeof text !== 'string') {
        out.diagnostics.push(text);
        continue;
      }
      parsed.push(await parsePrisma(text, file));
    }
    // names are shared by every schema file (a multi-file schema's models refer to each other)
    const reg = registryOf(parsed);
    for (const p of parsed) {
      const r = storesOf(p, reg);
      out.stores.push(...r.stores);
      out.suppressions.push(...r.suppressions);
      out.diagnostics.push(...r.diagnostics);
      out.references.push(...r.references);
    }
    return out;
  },
};

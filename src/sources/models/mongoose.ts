/**
 * Mongoose schemas: `new Schema({ email: { type: String }, … }, { collection: 'users' })` and
 * `model('User', userSchema)` make a collection (a store, `mongodb:collection:<name>`) with its
 * fields. A TTL index is retention evidence: a field's `expires: 3600` / `expires: '30d'`, or
 * `schema.index({ createdAt: 1 }, { expireAfterSeconds: 86400 })`. The collection is the model's name
 * lower-cased and pluralised as mongoose does for plain names (`User` → `users`), or the
 * `collection` option. Annotations: JSDoc or `//` comments above the schema or a field.
 * Syntax only (the TypeScript compiler's parser); nothing is run.
 */
import type * as TS from 'typescript';
import { parseAnnotations } from '../../core/annotations.js';
import { durationFrom } from '../../core/duration.js';
import type { CategoryClaim, CategoryReference, Diagnostic, Location, RetentionEvidence, SourceResult, Store, Suppression } from '../../core/types.js';
import type { TypeScriptApi } from '../typescript/load-ts.js';

export const MONGOOSE_IN_TEXT = /\bnew\s+(?:mongoose\.)?Schema\s*[<(]/;

interface SchemaInfo {
  node: TS.NewExpression;
  fields: TS.ObjectLiteralExpression;
  collection?: string;
  ttl: RetentionEvidence[];
  notes: TS.Node;
}

export function readMongoose(ts: TypeScriptApi, file: string, text: string): SourceResult {
  const out: SourceResult = { stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
  if (!MONGOOSE_IN_TEXT.test(text)) return out;
  const kind = /\.[cm]?jsx?$/.test(file) ? ts.ScriptKind.JS : file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const at = (pos: number): Location => {
    const p = sf.getLineAndCharacterOfPosition(pos);
    return { file, line: p.line + 1, column: p.character + 1 };
  };
  const schemas = new Map<string, SchemaInfo>();
  const anonymous: SchemaInfo[] = [];
  const models: Array<{ name: string; schema: SchemaInfo; collection?: string }> = [];
  const str = (e: TS.Expression | undefined) => (e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined);
  const prop = (o: TS.ObjectLiteralExpression | undefined, name: string) => o?.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && !!p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name)?.initializer;

  const schemaOf = (e: TS.NewExpression): SchemaInfo | undefined => {
    const [fields, options] = e.arguments ?? [];
    if (!fields || !ts.isObjectLiteralExpression(fields)) return undefined;
    const opts = options && ts.isObjectLiteralExpression(options) ? options : undefined;
    let stmt: TS.Node = e;
    while (stmt.parent && !ts.isSourceFile(stmt.parent) && !ts.isBlock(stmt.parent)) stmt = stmt.parent;
    return { node: e, fields, ...(str(prop(opts, 'collection')) ? { collection: str(prop(opts, 'collection')) } : {}), ttl: [], notes: stmt };
  };
  const visit = (n: TS.Node): void => {
    if (ts.isNewExpression(n) && /^(?:mongoose\.)?Schema$/.test(n.expression.getText(sf))) {
      const info = schemaOf(n);
      if (info) {
        const decl = n.parent;
        if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) schemas.set(decl.name.text, info);
        else anonymous.push(info);
        ttlOfFields(info);
      }
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      const target = n.expression.expression;
      if (method === 'index' && ts.isIdentifier(target) && schemas.has(target.text)) {
        const opts = n.arguments[1];
        const seconds = opts && ts.isObjectLiteralExpression(opts) ? prop(opts, 'expireAfterSeconds') : undefined;
        if (seconds) schemas.get(target.text)!.ttl.push(evidenceOf(seconds, 'index expireAfterSeconds', at(seconds.getStart(sf))));
      } else if (method === 'model' && n.arguments.length >= 2) {
        const name = str(n.arguments[0]);
        const s = n.arguments[1];
        const info = ts.isIdentifier(s) ? schemas.get(s.text) : ts.isNewExpression(s) ? anonymous.find((a) => a.node === s) : undefined;
        if (name && info) models.push({ name, schema: info, ...(str(n.arguments[2]) ? { collection: str(n.arguments[2]) } : {}) });
      }
    }
    ts.forEachChild(n, visit);
  };
  const evidenceOf = (e: TS.Expression, what: string, location: Location): RetentionEvidence => {
    const via = `mongoose TTL index (${what})`;
    if (ts.isNumericLiteral(e)) return { status: 'known', duration: durationFrom(Number(e.text), 's'), bound: 'max', via, location };
    const s = str(e);
    const m = s ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|seconds?|minutes?|hours?|days?|weeks?)?\s*$/i.exec(s) : null;
    if (m) {
      const unit = (m[2] ?? 's').toLowerCase();
      const u = unit.startsWith('ms') ? 'ms' : unit.startsWith('mi') || unit === 'm' ? 'min' : unit[0] === 'h' ? 'h' : unit[0] === 'd' ? 'd' : unit[0] === 'w' ? 'w' : 's';
      return { status: 'known', duration: durationFrom(Number(m[1]), u as 'ms' | 's' | 'min' | 'h' | 'd' | 'w'), bound: 'max', via, location };
    }
    return { status: 'unknown', bound: 'max', reason: `${e.getText(sf).slice(0, 60)} is not a constant written here`, via, location };
  };
  const ttlOfFields = (info: SchemaInfo): void => {
    for (const p of info.fields.properties) {
      if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
      const expires = prop(p.initializer, 'expires') ?? prop(p.initializer, 'expireAfterSeconds');
      if (expires) info.ttl.push(evidenceOf(expires, `${p.name.getText(sf)}.expires`, at(expires.getStart(sf))));
    }
  };
  visit(sf);

  const annotate = (node: TS.Node, storeId: string): CategoryClaim[] => {
    const claims: CategoryClaim[] = [];
    for (const r of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) {
      const body = text.slice(r.pos, r.end);
      if (!body.includes('@')) continue;
      const p = at(r.pos + 2);
      for (const a of parseAnnotations(body.slice(2), p.line, p.column)) {
        const location = { file, line: a.line, column: a.column };
        if (a.tag === 'category') for (const id of a.ids) {
          claims.push({ id, via: 'annotation', location });
          out.references.push({ id, tag: 'category', location } satisfies CategoryReference);
        } else if (a.tag === 'policy-ignore') out.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location, storeId } satisfies Suppression);
        else if (a.tag === 'invalid') out.diagnostics.push({ code: 'annotation-error', message: a.message, location } satisfies Diagnostic);
      }
    }
    return claims;
  };
  const seen = new Set<SchemaInfo>();
  for (const m of models) {
    seen.add(m.schema);
    addCollection(m.collection ?? m.schema.collection ?? pluralise(m.name), m.schema);
  }
  for (const info of [...schemas.values(), ...anonymous]) if (!seen.has(info) && info.collection) addCollection(info.collection, info);

  function addCollection(name: string, info: SchemaInfo): void {
    const id = `mongodb:collection:${name}`;
    if (out.stores.some((s) => s.id === id)) return;
    out.stores.push({ id, kind: 'collection', name, source: 'typescript', location: at(info.node.getStart(sf)), categories: annotate(info.notes, id), dataTypes: [], retention: info.ttl, retentionBearing: true, details: { orm: 'mongoose' } } satisfies Store);
    for (const p of info.fields.properties) {
      if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const field = p.name.text;
      const fid = `mongodb:field:${name}.${field}`;
      out.stores.push({ id: fid, kind: 'field', name: `${name}.${field}`, source: 'typescript', location: at(p.name.getStart(sf)), parent: id, identifier: field, categories: annotate(p, fid), dataTypes: [], retention: [], retentionBearing: false });
    }
  }
  return out;
}

/** mongoose's plural of a plain model name (`User` → `users`, `Category` → `categories`, `Address` → `addresses`). */
export function pluralise(model: string): string {
  const n = model.toLowerCase();
  if (/(?:s|x|z|ch|sh)$/.test(n)) return `${n}es`;
  if (/[^aeiou]y$/.test(n)) return `${n.slice(0, -1)}ies`;
  return `${n}s`;
}

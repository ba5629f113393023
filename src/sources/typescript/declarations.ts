/**
 * Declarations as stores: a class, interface or type alias with its members, a variable or property
 * tagged `@category` or `@retention`, a drizzle table, a table built in code (knex, sequelize,
 * TypeORM migrations), and a function or reference whose tags stand on it. comment-tags.ts finds
 * the tags, orm-tables.ts reads what an ORM declares; this file makes the stores and records the tags.
 */
import type { ts as TS } from 'ts-morph';
import type { Annotation } from '../../core/annotations.js';
import type { CategoryClaim, Store } from '../../core/types.js';
import { categoryClaims } from './annotation-claims.js';
import { recordTags, type CommentTags } from './comment-tags.js';
import type { ExpressionReader } from './expression.js';
import { hasModifier, nodeLocation, qualify, type FileContext } from './file-context.js';
import type { TypeScriptApi } from './load-ts.js';
import type { PendingTarget } from './model.js';
import { clip, columnOf, declaredType, drizzleColumn, drizzleTable, entityOf, headText, propertyNameText, schemaCalls, type SchemaCall } from './orm-tables.js';

export class Declarations {
  private readonly usedIds = new Map<string, number>();
  /** knex createTable and sequelize define/init calls already read */
  readonly handledCalls = new Set<TS.Node>();

  constructor(
    private readonly cx: FileContext,
    private readonly tags: CommentTags,
    private readonly exprs: ExpressionReader,
    /** SQL or ORM tables in the file (a variable may hold a schema-building call) */
    private readonly visitAll: boolean,
  ) {}

  private claims(annotations: Annotation[]): CategoryClaim[] {
    return categoryClaims(this.cx.file, annotations);
  }

  private newStore(kind: string, symbol: string, node: TS.Node, categories: CategoryClaim[], extra: Partial<Store> = {}): Store {
    let id = `ts:${this.cx.file}#${symbol}`;
    const seen = this.usedIds.get(id) ?? 0;
    this.usedIds.set(id, seen + 1);
    if (seen > 0) id = `${id}~${seen + 1}`;
    const store: Store = {
      id, kind, name: symbol, source: 'typescript', location: nodeLocation(this.cx, node),
      categories, dataTypes: [], retention: [], retentionBearing: false, ...extra,
    };
    this.cx.scan.stores.push(store);
    return store;
  }

  applyGeneric(node: TS.Node, annotations: Annotation[], scope: string, label?: string): void {
    if (annotations.length === 0) return;
    const { ts } = this.cx;
    const symbol = this.symbolOf(node, scope, label);
    const isFunction = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node) || ts.isMethodSignature(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node);
    let storeId: string | undefined;
    const categories = this.claims(annotations);
    if (isFunction && categories.length > 0) {
      const kind = ts.isEnumDeclaration(node) ? 'type' : ts.isModuleDeclaration(node) ? 'namespace' : 'function';
      storeId = this.newStore(kind, symbol, nameNodeOf(ts, node) ?? node, categories).id;
    }
    recordTags(this.cx.scan, annotations, symbol, storeId, { category: isFunction, retention: false }, this.referenceOf(node));
  }

  /**
   * What a tag on a reference names: `/** @implements … *\/ deleteHistory` (an argument),
   * `{ deleteHistory }`, `export { deleteHistory }`, `export { deleteHistory as handler } from '…'`.
   */
  private referenceOf(node: TS.Node): Omit<PendingTarget, 'index'> | undefined {
    const { ts } = this.cx;
    if (ts.isIdentifier(node)) return { via: 'local', name: node.text };
    if (ts.isShorthandPropertyAssignment(node)) return { via: 'local', name: node.name.text };
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length === 1) {
      const el = node.exportClause.elements[0];
      return node.moduleSpecifier ? { via: 'export', name: el.name.text } : { via: 'local', name: (el.propertyName ?? el.name).text };
    }
    return undefined;
  }

  private symbolOf(node: TS.Node, scope: string, label?: string): string {
    const { ts } = this.cx;
    if (ts.isConstructorDeclaration(node)) return qualify(scope, 'constructor');
    const nameNode = nameNodeOf(ts, node);
    if (nameNode) {
      const name = propertyNameText(ts, nameNode as TS.PropertyName);
      if (name !== undefined) return qualify(scope, name);
    }
    if (label) return label;
    if (ts.isExpressionStatement(node)) {
      const e = node.expression;
      if (ts.isCallExpression(e)) return callLabel(ts, this.cx.sf, e);
      if (ts.isBinaryExpression(e)) return clip(headText(this.cx.sf, e.left));
    }
    const line = nodeLocation(this.cx, node).line;
    return scope ? `${scope} (line ${line})` : `(anonymous, line ${line})`;
  }

  typeDeclaration(node: TS.ClassDeclaration | TS.ClassExpression | TS.InterfaceDeclaration | TS.TypeAliasDeclaration, annotations: Annotation[], scope: string): void {
    const { ts } = this.cx;
    const name = node.name?.text ?? '(anonymous class)';
    const symbol = qualify(scope, name);
    const entity = ts.isClassDeclaration(node) || ts.isClassExpression(node) ? entityOf(ts, node) : undefined;

    type Member = { node: TS.ClassElement | TS.TypeElement; name: string; annotations: Annotation[]; column?: string; sqlType?: string };
    const members: Member[] = [];
    const memberList: ReadonlyArray<TS.ClassElement | TS.TypeElement> = ts.isTypeAliasDeclaration(node)
      ? (ts.isTypeLiteralNode(node.type) ? node.type.members : [])
      : node.members;
    for (const m of memberList) {
      // sequelize-typescript decorates getters too: `@Column get email(): string { … }`
      if (!(ts.isPropertyDeclaration(m) || ts.isPropertySignature(m) || (entity && ts.isGetAccessor(m)))) continue;
      if (ts.isPropertyDeclaration(m) && hasModifier(ts, m, ts.SyntaxKind.StaticKeyword)) continue;
      const memberName = propertyNameText(ts, m.name);
      if (memberName === undefined) continue;
      const isFunctionValued = ts.isPropertyDeclaration(m) && m.initializer !== undefined && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer));
      if (isFunctionValued) continue; // a handler, not data: the walk gives it its @implements
      const column = entity && (ts.isPropertyDeclaration(m) || ts.isGetAccessor(m)) ? columnOf(ts, m) : undefined;
      if (entity && !column) continue;
      const memberAnnotations = this.tags.hasTagIn(m.pos, m.end) ? this.tags.takeAnnotations(m) : [];
      members.push({ node: m, name: memberName, annotations: memberAnnotations, column: column?.name, sqlType: column?.sqlType ?? declaredType(ts, m.type) });
    }

    const own = this.claims(annotations);
    const anyMemberCategory = members.some((m) => m.annotations.some((a) => a.tag === 'category'));
    let parent: Store | undefined;
    if (own.length > 0 || entity || anyMemberCategory) {
      const kind = entity ? 'table' : ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) ? 'type' : 'class';
      const details: Record<string, string> = entity ? { orm: entity.orm, table: entity.table ?? name } : {};
      // The entity maps a table that SQL migrations may define (and annotate): with that table as its
      // parent, an entity with no @category of its own takes the SQL table's category.
      const sqlTable = entity?.sqlTable ? { parent: `sql:table:${entity.sqlTable}` } : {};
      parent = this.newStore(kind, symbol, node.name ?? node, own, { ...(Object.keys(details).length ? { details } : {}), ...sqlTable });
      if (entity?.nameExpr) (this.cx.scan.tableNames ??= []).push({ storeId: parent.id, expr: this.exprs.toExpr(entity.nameExpr), schema: entity.schema });
    }
    recordTags(this.cx.scan, annotations, symbol, parent?.id, { category: true, retention: false });

    for (const m of members) {
      const memberSymbol = `${symbol}.${m.name}`;
      const ownClaims = this.claims(m.annotations);
      let storeId: string | undefined;
      if (parent) {
        const categories = ownClaims.length > 0 ? ownClaims : parent.categories.map((c) => ({ ...c, via: 'inherited' as const }));
        const details: Record<string, string> | undefined = m.column !== undefined ? { column: m.column } : undefined;
        const store = this.newStore('property', memberSymbol, m.node.name ?? m.node, categories, {
          parent: parent.id,
          identifier: m.column ?? m.name,
          ...(m.sqlType ? { sqlType: m.sqlType } : {}),
          ...(details ? { details } : {}),
        });
        storeId = store.id;
      }
      const hasRetention = m.annotations.some((a) => a.tag === 'retention');
      if (hasRetention && ts.isPropertyDeclaration(m.node) && m.node.initializer) {
        this.property(m.node, m.annotations, symbol);
        continue;
      }
      recordTags(this.cx.scan, m.annotations, memberSymbol, storeId, { category: true, retention: false });
    }
  }

  variable(d: TS.VariableDeclaration, flags: TS.NodeFlags, annotations: Annotation[], scope: string): void {
    const { ts } = this.cx;
    const name = ts.isIdentifier(d.name) ? d.name.text : d.name.getText(this.cx.sf);
    const symbol = qualify(scope, name);
    const mutable = flags & ts.NodeFlags.Const ? undefined : flags & ts.NodeFlags.Let ? ('let' as const) : ('var' as const);
    const schema = d.initializer && this.visitAll ? schemaCalls(ts, this.cx.sf, d.initializer) : [];
    if (schema.length > 0) {
      schema.forEach((c, i) => this.schemaTable(c, i === 0 ? annotations : []));
      return;
    }
    const drizzle = d.initializer ? drizzleTable(ts, d.initializer) : undefined;
    if (drizzle) {
      this.drizzleTable(d, drizzle, annotations, symbol);
      return;
    }
    this.valueDeclaration(d.name, d.initializer, name, symbol, annotations, mutable, mutable ? 'variable' : 'constant');
  }

  property(node: TS.PropertyAssignment | TS.PropertyDeclaration | TS.PropertySignature, annotations: Annotation[], scope: string): void {
    if (annotations.length === 0) return;
    const { ts } = this.cx;
    const name = propertyNameText(ts, node.name) ?? node.name.getText(this.cx.sf);
    const symbol = qualify(scope, name);
    const initializer = ts.isPropertySignature(node) ? undefined : node.initializer;
    if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
      // A handler assigned to a property: @implements lives here; @category makes it a function store.
      this.applyGeneric(initializer, annotations, scope === '' ? '' : scope, symbol);
      return;
    }
    this.valueDeclaration(node.name, initializer, name, symbol, annotations, undefined, 'property');
  }

  /** A variable or property: `@category` makes it a store; `@retention` a constant whose value is evaluated later. */
  valueDeclaration(nameNode: TS.Node, initializer: TS.Expression | undefined, name: string, symbol: string, annotations: Annotation[], mutable: 'let' | 'var' | undefined, kind: string): void {
    if (annotations.length === 0) return;
    const { ts } = this.cx;
    if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer) || ts.isClassExpression(initializer))) {
      this.applyGeneric(initializer, annotations, '', symbol);
      return;
    }
    const categories = this.claims(annotations);
    const retentions = annotations.filter((a): a is Extract<Annotation, { tag: 'retention' }> => a.tag === 'retention');
    let store: Store | undefined;
    if (categories.length > 0 || retentions.length > 0) {
      const retentionClaims: CategoryClaim[] = retentions
        .filter((r) => !categories.some((c) => c.id === r.id))
        .map((r) => ({ id: r.id, via: 'annotation', location: { file: this.cx.file, line: r.line, column: r.column } }));
      store = this.newStore(retentions.length > 0 ? 'constant' : kind, symbol, nameNode, uniqueClaims([...categories, ...retentionClaims]), {
        // The classifier reads the names of data-holding values, not of retention settings.
        ...(retentions.length === 0 ? { identifier: name } : {}),
      });
      for (const r of retentions) {
        this.cx.scan.retention.push({
          storeId: store.id, name: symbol, bound: r.bound, category: r.id, location: nodeLocation(this.cx, nameNode),
          expr: initializer ? this.exprs.toExpr(initializer) : { k: 'unknown', why: `${symbol} has no value` },
          ...(mutable ? { mutable } : {}),
          ...(r.unit ? { unit: r.unit } : {}),
        });
      }
    }
    const reference = initializer && this.cx.ts.isIdentifier(initializer) ? { via: 'local' as const, name: initializer.text } : undefined;
    recordTags(this.cx.scan, annotations, symbol, store?.id, { category: true, retention: true }, reference);
  }

  private drizzleTable(d: TS.VariableDeclaration, table: { name?: string; columns?: TS.ObjectLiteralExpression }, annotations: Annotation[], symbol: string): void {
    const { ts } = this.cx;
    const own = this.claims(annotations);
    // pgTable('messages', …), sqliteTable, mysqlTable map the table drizzle-kit's SQL migrations create (and a user may
    // annotate there); the SQL source reads each dialect's tables into the default schema
    const sqlTable = table.name ? { parent: `sql:table:public.${table.name}` } : {};
    const parent = this.newStore('table', symbol, d.name, own, { details: { orm: 'drizzle', table: table.name ?? symbol }, ...sqlTable });
    recordTags(this.cx.scan, annotations, symbol, parent.id, { category: true, retention: false });
    for (const p of table.columns?.properties ?? []) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const key = propertyNameText(ts, p.name);
      if (key === undefined) continue;
      const memberAnnotations = this.tags.hasTagIn(p.pos, p.end) ? this.tags.takeAnnotations(p) : [];
      const builder = ts.isPropertyAssignment(p) ? drizzleColumn(ts, p.initializer) : undefined;
      const ownClaims = this.claims(memberAnnotations);
      const categories = ownClaims.length > 0 ? ownClaims : own.map((c) => ({ ...c, via: 'inherited' as const }));
      const column = builder?.column ?? key;
      const store = this.newStore('property', `${symbol}.${key}`, p.name, categories, {
        parent: parent.id, identifier: column, details: { column },
        ...(builder?.type ? { sqlType: builder.type.toLowerCase() } : {}),
      });
      recordTags(this.cx.scan, memberAnnotations, `${symbol}.${key}`, store.id, { category: true, retention: false });
    }
  }

  /**
   * A table defined in code — `knex.schema.createTable('messages', (t) => { t.string('phone_number') })`
   * in a migration, `sequelize.define('Contact', { email: DataTypes.STRING })`, `User.init({…}, { sequelize })` —
   * is a table store with a store per column, like a CREATE TABLE in SQL. Tags above the statement
   * are the table's; tags above a column's line or property are the column's.
   */
  schemaTable(call: SchemaCall, annotations: Annotation[]): void {
    if (this.handledCalls.has(call.node)) return;
    this.handledCalls.add(call.node);
    const own = this.claims(annotations);
    const symbol = call.name;
    const details: Record<string, string> = { orm: call.orm, table: call.table ?? call.name };
    if (call.creates && call.sqlTable) {
      this.createdTable(call, call.sqlTable, annotations, own, details);
      return;
    }
    const parent = this.newStore('table', symbol, call.nameNode, own, { details, ...(call.sqlTable ? { parent: `sql:table:${call.sqlTable}` } : {}) });
    recordTags(this.cx.scan, annotations, symbol, parent.id, { category: true, retention: false });
    for (const col of call.columns) {
      const memberAnnotations = this.tags.hasTagIn(col.node.pos, col.node.end) ? this.tags.takeAnnotations(col.node) : [];
      const ownClaims = this.claims(memberAnnotations);
      const categories = ownClaims.length > 0 ? ownClaims : own.map((c) => ({ ...c, via: 'inherited' as const }));
      const memberSymbol = `${symbol}.${col.key}`;
      const store = this.newStore('property', memberSymbol, col.nameNode, categories, {
        parent: parent.id, identifier: col.column, details: { column: col.column },
        ...(col.sqlType ? { sqlType: col.sqlType } : {}),
      });
      recordTags(this.cx.scan, memberAnnotations, memberSymbol, store.id, { category: true, retention: false });
    }
  }

  /**
   * A migration that creates a table in code (knex createTable, sequelize-cli and TypeORM
   * queryRunner.createTable) defines the same table a CREATE TABLE would: it is that SQL store —
   * `sql:table:<schema>.<name>`, retention-bearing, with `sql:column:` columns — so the engine pools it
   * with what SQL files, a live database or a DELETE in the code say about the same table.
   */
  private createdTable(call: SchemaCall, key: string, annotations: Annotation[], own: CategoryClaim[], details: Record<string, string>): void {
    const id = `sql:table:${key}`;
    this.cx.scan.stores.push({
      id, kind: 'table', name: key, source: 'typescript', location: nodeLocation(this.cx, call.nameNode),
      categories: own, dataTypes: [], retention: [], retentionBearing: !call.alters, details,
    });
    recordTags(this.cx.scan, annotations, key, id, { category: true, retention: false });
    for (const col of call.columns) {
      const memberAnnotations = this.tags.hasTagIn(col.node.pos, col.node.end) ? this.tags.takeAnnotations(col.node) : [];
      const columnId = `sql:column:${key}.${col.column}`;
      this.cx.scan.stores.push({
        id: columnId, kind: 'column', name: `${key}.${col.column}`, source: 'typescript', location: nodeLocation(this.cx, col.nameNode),
        parent: id, identifier: col.column, ...(col.sqlType ? { sqlType: col.sqlType } : {}),
        categories: this.claims(memberAnnotations), dataTypes: [], retention: [], retentionBearing: false,
      });
      recordTags(this.cx.scan, memberAnnotations, `${key}.${col.column}`, columnId, { category: true, retention: false });
    }
  }
}

/** The claims with each category once (the first claim of it). */
function uniqueClaims(list: CategoryClaim[]): CategoryClaim[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function nameNodeOf(ts: TypeScriptApi, node: TS.Node): TS.Node | undefined {
  const n = (node as { name?: TS.Node }).name;
  if (n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n) || ts.isNumericLiteral(n))) return n;
  if (ts.isVariableStatement(node)) return node.declarationList.declarations[0]?.name;
  return undefined;
}

/** A name for what a call is given (`router.delete('/history')`), for an anonymous function passed to it. */
export function callLabel(ts: TypeScriptApi, sf: TS.SourceFile, node: TS.CallExpression): string {
  const first = node.arguments[0];
  const arg = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? `'${first.text}'` : '';
  return `${clip(headText(sf, node.expression))}(${clip(arg, 40)})`;
}

/**
 * ORM tables written in TypeScript, as the TypeScript source reads them: TypeORM/MikroORM/
 * sequelize-typescript entity classes and their decorated columns, drizzle's pgTable/mysqlTable,
 * knex's and TypeORM's schema-building calls, Sequelize's define/init. Each function takes the
 * compiler's API and a node and answers what table or column it declares; extract.ts walks the
 * file and declarations.ts makes the stores.
 */
import type { ts as TS } from 'ts-morph';
import type { TypeScriptApi } from './load-ts.js';
import { KNEX_TYPES } from '../migrations/builders.js';

/** Decorators that make a class an ORM entity (TypeORM, MikroORM, sequelize-typescript). */
export const ENTITY_DECORATORS = new Set(['Entity', 'Table']);
/** Decorators that make a property a mapped column. */
export const COLUMN_DECORATOR = /(?:Column|^Property|^PrimaryKey|^Enum|^Formula)$/;
export const DRIZZLE_TABLES = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable', 'pgTableCreator']);

/**
 * The source text of a node, at most `max` characters (for messages and labels): a bounded slice,
 * because labels are taken for nested nodes (every link of a long call chain) and their whole text
 * would be read again at each.
 */
export function headText(sf: TS.SourceFile, node: TS.Node, max = 400): string {
  const start = node.getStart(sf);
  return sf.text.slice(start, Math.min(node.end, start + max));
}

/** One line of at most `n` characters (for messages). */
export function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** A property's name as written, when it is a plain one. */
export function propertyNameText(ts: TypeScriptApi, name: TS.PropertyName | TS.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function decoratorsOf(ts: TypeScriptApi, node: TS.Node): Array<{ name: string; args: readonly TS.Expression[] }> {
  const list = ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : [];
  return list.map((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return { name, args: ts.isCallExpression(e) ? e.arguments : [] };
  });
}

function stringOption(ts: TypeScriptApi, obj: TS.Expression | undefined, keys: string[]): string | undefined {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propertyNameText(ts, p.name);
    if (key && keys.includes(key) && (ts.isStringLiteral(p.initializer) || ts.isNoSubstitutionTemplateLiteral(p.initializer))) return p.initializer.text;
  }
  return undefined;
}

/**
 * `@Entity('traffic_log')`, `@Entity({ tableName, schema })`, `@Table({ tableName })`. `sqlTable` is the
 * SQL store id's `<schema>.<table>` of the table the entity maps: the name given, else (TypeORM and
 * MikroORM name tables so by default) the class name in snake_case; sequelize's default (a plural) is not guessed.
 */
export function entityOf(ts: TypeScriptApi, node: TS.ClassDeclaration | TS.ClassExpression): { orm: string; schema: string; table?: string; sqlTable?: string; nameExpr?: TS.Expression } | undefined {
  const d = decoratorsOf(ts, node).find((x) => ENTITY_DECORATORS.has(x.name));
  if (!d) return undefined;
  const [first, second] = d.args;
  const table = first && ts.isStringLiteral(first) ? first.text : stringOption(ts, first, ['name', 'tableName']);
  const schema = stringOption(ts, first && ts.isStringLiteral(first) ? second : first, ['schema']) ?? 'public';
  const sequelize = d.name === 'Table';
  const mapped = table ?? (sequelize || !node.name ? undefined : snakeCase(node.name.text));
  // `@Entity(TABLES.messages)`, `@Entity({ name: MESSAGES })`: a constant, perhaps imported, evaluated later
  const named = first && !ts.isObjectLiteralExpression(first) ? first : objectOption(ts, first, ['name', 'tableName']);
  const nameExpr = table === undefined && named && !ts.isStringLiteral(named) ? named : undefined;
  return {
    orm: sequelize ? 'sequelize' : 'typeorm/mikro-orm', schema, ...(table ? { table } : {}), ...(mapped ? { sqlTable: `${schema}.${mapped}` } : {}),
    ...(nameExpr ? { nameExpr } : {}),
  };
}

function objectOption(ts: TypeScriptApi, obj: TS.Expression | undefined, keys: string[]): TS.Expression | undefined {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const p = obj.properties.find((x): x is TS.PropertyAssignment => ts.isPropertyAssignment(x) && keys.includes(propertyNameText(ts, x.name) ?? ''));
  return p?.initializer;
}

/** TrafficLog → traffic_log, SMSMessage → sms_message (the ORMs' default table names). */
function snakeCase(name: string): string {
  return name.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z\d])/g, '$1_$2').toLowerCase();
}

/**
 * What a property's TypeScript type says it can hold, for the classifier: `defaultShippingAddress:
 * boolean` is a flag, `emailVerified: Date | null` a time, `phoneCount: number` a number.
 */
export function declaredType(ts: TypeScriptApi, type: TS.TypeNode | undefined): string | undefined {
  if (!type) return undefined;
  const parts = ts.isUnionTypeNode(type) ? type.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword) : [type];
  if (parts.length !== 1) return undefined;
  const t = parts[0];
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (t.kind === ts.SyntaxKind.NumberKeyword) return 'numeric';
  if (t.kind === ts.SyntaxKind.BigIntKeyword) return 'bigint';
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === 'Date') return 'timestamp';
  return undefined;
}

export function columnOf(ts: TypeScriptApi, node: TS.PropertyDeclaration | TS.GetAccessorDeclaration): { name?: string; sqlType?: string } | undefined {
  const cols = decoratorsOf(ts, node).filter((x) => COLUMN_DECORATOR.test(x.name));
  if (cols.length === 0) return undefined;
  let name: string | undefined;
  let sqlType: string | undefined;
  for (const c of cols) {
    for (const a of c.args) {
      // @PrimaryGeneratedColumn('uuid' | 'increment' | 'identity' | 'rowid'): a generation strategy, not a type
      if (ts.isStringLiteral(a) && c.name === 'PrimaryGeneratedColumn') {
        if (a.text === 'uuid') sqlType ??= 'uuid';
        continue;
      }
      if (ts.isStringLiteral(a)) sqlType ??= a.text.toLowerCase();
      // sequelize-typescript: @Column(DataType.BOOLEAN)
      if (ts.isPropertyAccessExpression(a) && ts.isIdentifier(a.expression) && /^DataTypes?$/.test(a.expression.text)) sqlType ??= a.name.text.toLowerCase();
      name ??= stringOption(ts, a, ['name', 'fieldName']);
      sqlType ??= stringOption(ts, a, ['type', 'columnType'])?.toLowerCase();
    }
  }
  return { ...(name ? { name } : {}), ...(sqlType ? { sqlType } : {}) };
}

export function drizzleTable(ts: TypeScriptApi, init: TS.Expression): { name?: string; columns?: TS.ObjectLiteralExpression } | undefined {
  if (!ts.isCallExpression(init)) return undefined;
  const callee = init.expression;
  const fn = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && callee.name.text === 'table' ? 'table' : '';
  if (!DRIZZLE_TABLES.has(fn) && fn !== 'table') return undefined;
  const [first, second] = init.arguments;
  if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) || !second) return undefined;
  let columns: TS.Expression | undefined = second;
  if (ts.isArrowFunction(second)) {
    let body: TS.Node = second.body;
    while (ts.isParenthesizedExpression(body)) body = body.expression;
    columns = ts.isObjectLiteralExpression(body) ? body : undefined;
  }
  if (!columns || !ts.isObjectLiteralExpression(columns)) return undefined;
  return { name: first.text, columns };
}

/** `varchar('from_number', { length: 20 }).notNull()` → column from_number, type varchar. */
export function drizzleColumn(ts: TypeScriptApi, init: TS.Expression): { column?: string; type?: string } | undefined {
  let e: TS.Expression = init;
  for (let i = 0; i < 64 && ts.isCallExpression(e); i++) {
    const callee: TS.Expression = e.expression;
    let type: string | undefined;
    if (ts.isIdentifier(callee)) type = callee.text;
    else if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) {
      e = callee.expression; // .notNull(), .default(…): the builder is further in
      continue;
    } else if (ts.isPropertyAccessExpression(callee)) type = callee.name.text; // t.varchar(…), pg.varchar(…)
    if (type === undefined) return undefined;
    const first = e.arguments[0];
    const column = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
    return { type, ...(column ? { column } : {}) };
  }
  return undefined;
}

export interface SchemaCall {
  node: TS.CallExpression;
  orm: 'knex' | 'sequelize' | 'typeorm';
  /** the store's symbol: the knex table name, the sequelize model name */
  name: string;
  nameNode: TS.Node;
  /** the table's name when written */
  table?: string;
  /** `<schema>.<table>` of the SQL store the table is (knex) or the model maps (sequelize with tableName) */
  sqlTable?: string;
  /** a migration creating the table (not a model mapping one): the store is the SQL table itself */
  creates?: boolean;
  /** knex .table()/.alterTable(): columns added to a table defined elsewhere (the table is not retention-bearing here) */
  alters?: boolean;
  columns: Array<{ node: TS.Node; nameNode: TS.Node; key: string; column: string; sqlType?: string }>;
}

/** The schema-defining calls of an expression: `await knex.schema.createTable(…).createTable(…)`, `return sequelize.define(…)`. */
export function schemaCalls(ts: TypeScriptApi, sf: TS.SourceFile, expr: TS.Expression): SchemaCall[] {
  const out: SchemaCall[] = [];
  let e: TS.Expression = expr;
  for (let i = 0; i < 64; i++) {
    while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e)) break;
    const found = schemaCall(ts, sf, e);
    if (found) out.push(found);
    if (!ts.isPropertyAccessExpression(e.expression)) break;
    e = e.expression.expression;
  }
  return out.reverse();
}

function stringArg(ts: TypeScriptApi, a: TS.Expression | undefined): string | undefined {
  return a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) ? a.text : undefined;
}

export function schemaCall(ts: TypeScriptApi, sf: TS.SourceFile, node: TS.CallExpression): SchemaCall | undefined {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const [first, second, third] = node.arguments;
  if (method === 'createTable' && stringArg(ts, first) !== undefined && second && ts.isObjectLiteralExpression(second) && looksLikeSequelize(ts, second)) {
    // sequelize-cli migration: queryInterface.createTable('Users', { email: { type: Sequelize.STRING } }, { schema })
    const table = stringArg(ts, first) as string;
    return { ...sequelizeCall(ts, node, table, first, second, third, table), table, creates: true };
  }
  if (method === 'createTable' && first && ts.isNewExpression(first) && ts.isIdentifier(first.expression) && first.expression.text === 'Table') {
    return typeormTable(ts, node, first);
  }
  if (method === 'createTable' || method === 'createTableIfNotExists' || method === 'table' || method === 'alterTable') {
    const table = stringArg(ts, first);
    if (table === undefined || !second || !(ts.isArrowFunction(second) || ts.isFunctionExpression(second))) return undefined;
    const receiver = knexReceiver(ts, callee.expression);
    if (!receiver) return undefined;
    const param = second.parameters[0]?.name;
    if (!param || !ts.isIdentifier(param)) return undefined;
    const schema = receiver.schema ?? 'public';
    // .table()/.alterTable() adds columns to a table made elsewhere: the same SQL store, but not its definition
    const alters = method === 'table' || method === 'alterTable';
    return { node, orm: 'knex', name: table, nameNode: first, table, sqlTable: `${schema}.${table}`, creates: true, ...(alters ? { alters } : {}), columns: knexColumns(ts, second.body, param.text) };
  }
  if (method === 'define' && stringArg(ts, first) !== undefined && second && ts.isObjectLiteralExpression(second) && looksLikeSequelize(ts, second)) {
    const tableName = stringOption(ts, third, ['tableName']);
    return sequelizeCall(ts, node, stringArg(ts, first) as string, first, second, third, tableName);
  }
  if (method === 'init' && first && ts.isObjectLiteralExpression(first) && second && ts.isObjectLiteralExpression(second)
    && second.properties.some((p) => p.name !== undefined && propertyNameText(ts, p.name) === 'sequelize') && looksLikeSequelize(ts, first)) {
    const model = stringOption(ts, second, ['modelName']) ?? (ts.isIdentifier(callee.expression) ? callee.expression.text : clip(headText(sf, callee.expression)));
    return sequelizeCall(ts, node, model, callee.expression, first, second, stringOption(ts, second, ['tableName']));
  }
  return undefined;
}

/**
 * knex.schema, knex.schema.withSchema('x'), this.schema, a chained .createTable(…).createTable(…):
 * a receiver that goes through `schema` within a few steps (a bounded walk, not the receiver's text,
 * which for a long chain would be read again at every link).
 */
function knexReceiver(ts: TypeScriptApi, expr: TS.Expression): { schema?: string } | undefined {
  let e: TS.Expression = expr;
  let schema: string | undefined;
  for (let i = 0; i < 64; i++) {
    if (ts.isCallExpression(e)) {
      if (!ts.isPropertyAccessExpression(e.expression)) return undefined;
      if (e.expression.name.text === 'withSchema') schema ??= stringArg(ts, e.arguments[0]);
      e = e.expression.expression;
    } else if (ts.isPropertyAccessExpression(e)) {
      if (e.name.text === 'schema') return { ...(schema ? { schema } : {}) };
      e = e.expression;
    } else if (ts.isIdentifier(e)) {
      return e.text === 'schema' ? { ...(schema ? { schema } : {}) } : undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** TypeORM migration: `queryRunner.createTable(new Table({ name: 'messages', schema, columns: [{ name: 'phone', type: 'varchar' }] }))` */
function typeormTable(ts: TypeScriptApi, node: TS.CallExpression, created: TS.NewExpression): SchemaCall | undefined {
  const options = created.arguments?.[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const name = stringOption(ts, options, ['name']);
  if (name === undefined) return undefined;
  const schema = stringOption(ts, options, ['schema']) ?? 'public';
  const columnsProp = options.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(ts, p.name) === 'columns');
  const columns: SchemaCall['columns'] = [];
  if (columnsProp && ts.isArrayLiteralExpression(columnsProp.initializer)) {
    for (const c of columnsProp.initializer.elements) {
      if (!ts.isObjectLiteralExpression(c)) continue;
      const column = stringOption(ts, c, ['name']);
      if (column === undefined) continue;
      const nameProp = c.properties.find((p) => p.name !== undefined && propertyNameText(ts, p.name) === 'name') as TS.PropertyAssignment;
      const sqlType = stringOption(ts, c, ['type'])?.toLowerCase();
      columns.push({ node: c, nameNode: nameProp.initializer, key: column, column, ...(sqlType ? { sqlType } : {}) });
    }
  }
  return { node, orm: 'typeorm', name, nameNode: created, table: name, sqlTable: `${schema}.${name}`, creates: true, columns };
}

function knexColumns(ts: TypeScriptApi, body: TS.ConciseBody, builder: string): SchemaCall['columns'] {
  const statements: TS.Node[] = ts.isBlock(body) ? [...body.statements] : [body];
  const out: SchemaCall['columns'] = [];
  for (const st of statements) {
    let e: TS.Node | undefined = ts.isExpressionStatement(st) ? st.expression : st;
    // t.string('phone', 20).notNullable().index(): the builder call is innermost
    for (let i = 0; i < 64 && e && ts.isCallExpression(e); i++) {
      const callee: TS.Expression = e.expression;
      if (!ts.isPropertyAccessExpression(callee)) break;
      if (ts.isIdentifier(callee.expression) && callee.expression.text === builder) {
        const type = KNEX_TYPES[callee.name.text];
        const column = stringArg(ts, e.arguments[0]);
        if (type !== undefined && column !== undefined) {
          const sqlType = callee.name.text === 'specificType' ? stringArg(ts, e.arguments[1])?.toLowerCase() : type;
          out.push({ node: st, nameNode: e.arguments[0], key: column, column, ...(sqlType ? { sqlType } : {}) });
        }
        break;
      }
      e = callee.expression;
    }
  }
  return out;
}

/** An attributes object whose values are sequelize types: DataTypes.STRING, { type: Sequelize.TEXT }. */
function looksLikeSequelize(ts: TypeScriptApi, attrs: TS.ObjectLiteralExpression): boolean {
  return attrs.properties.some((p) => ts.isPropertyAssignment(p) && sequelizeType(ts, p.initializer) !== undefined);
}

const SEQUELIZE_TYPES: Record<string, string> = { STRING: 'varchar', CHAR: 'char', TEXT: 'text', CITEXT: 'citext', DATE: 'timestamptz', DATEONLY: 'date', INET: 'inet', CIDR: 'cidr', MACADDR: 'macaddr', BLOB: 'bytea', DOUBLE: 'double precision', FLOAT: 'real', REAL: 'real', DECIMAL: 'numeric' };

/** `DataTypes.STRING(20)`, `Sequelize.TEXT`, `{ type: DataTypes.INET }` → 'inet'; VIRTUAL is not a column (''). */
function sequelizeType(ts: TypeScriptApi, value: TS.Expression): string | undefined {
  let e: TS.Expression = value;
  if (ts.isObjectLiteralExpression(e)) {
    const t = e.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(ts, p.name) === 'type');
    if (!t) return undefined;
    e = t.initializer;
  }
  if (ts.isCallExpression(e)) e = e.expression;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && (e.expression.text === 'DataTypes' || e.expression.text === 'Sequelize')) {
    const name = e.name.text;
    if (name === 'VIRTUAL') return '';
    return SEQUELIZE_TYPES[name] ?? name.toLowerCase();
  }
  return undefined;
}

function sequelizeCall(ts: TypeScriptApi, node: TS.CallExpression, model: string, nameNode: TS.Node, attrs: TS.ObjectLiteralExpression, options: TS.Expression | undefined, tableName: string | undefined): SchemaCall {
  const schema = stringOption(ts, options, ['schema']) ?? 'public';
  const columns: SchemaCall['columns'] = [];
  for (const p of attrs.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propertyNameText(ts, p.name);
    const type = sequelizeType(ts, p.initializer);
    if (key === undefined || type === '') continue;
    const column = stringOption(ts, p.initializer, ['field']) ?? key;
    columns.push({ node: p, nameNode: p.name, key, column, ...(type ? { sqlType: type } : {}) });
  }
  return { node, orm: 'sequelize', name: model, nameNode, ...(tableName ? { table: tableName, sqlTable: `${schema}.${tableName}` } : {}), columns };
}

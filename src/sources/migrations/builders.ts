/**
 * Schema-builder calls of the migration frameworks, as statements of the model (sql/model.ts):
 * - knex: `knex.schema.createTable('t', (t) => { t.string('email') })`, `.table`/`.alterTable`
 *   (`t.dropColumn`, `t.renameColumn`, `….alter()`), `dropTable[IfExists]`, `renameTable`;
 * - Kysely: `db.schema.createTable('t').addColumn('email', 'text')…`, `alterTable('t').addColumn /
 *   dropColumn / renameColumn / alterColumn(c => c.setDataType(…)) / renameTo`, `dropTable`;
 * - sequelize-cli / umzug (`queryInterface.createTable('T', { email: { type: Sequelize.STRING } })`,
 *   `addColumn`, `removeColumn`, `renameColumn`, `changeColumn`, `dropTable`, `renameTable`),
 *   db-migrate (`db.createTable('t', { email: 'string' })`, same verbs) and node-pg-migrate
 *   (`pgm.createTable`, `addColumns`, `dropColumns`, `alterColumn`, names as `{ schema, name }`);
 * - TypeORM: `queryRunner.createTable(new Table({ name, columns }))`, `addColumn(s)` with
 *   `new TableColumn({…})`, `dropColumn`, `renameColumn`, `changeColumn`, `dropTable`, `renameTable`.
 */
import type * as TS from 'typescript';
import type { Location } from '../../core/types.js';
import type { TypeScriptApi } from '../typescript/load-ts.js';
import type { ColumnSpec, SchemaOp, TableName } from '../sql/model.js';

export interface Reader {
  ts: TypeScriptApi;
  sf: TS.SourceFile;
  file: string;
  text: string;
  at(pos: number): Location;
  str(e: TS.Expression | undefined): string | undefined;
  notesAbove(node: TS.Node): Array<{ text: string; location: Location }>;
  /** Does the file's text hold the word VIRTUAL anywhere? Asked once per file, on the first attribute. */
  holdsVirtual?: boolean;
}

/**
 * knex column builders → the SQL type they make; builders not listed make no column (index, foreign,
 * primary…). Also what the TypeScript source reads knex tables outside migrations with.
 */
export const KNEX_TYPES: Record<string, string> = {
  increments: 'integer', bigIncrements: 'bigint', integer: 'integer', bigInteger: 'bigint', bigint: 'bigint', tinyint: 'smallint',
  smallint: 'smallint', mediumint: 'integer', text: 'text', string: 'varchar', float: 'real', double: 'double precision',
  decimal: 'numeric', boolean: 'boolean', date: 'date', datetime: 'timestamp', dateTime: 'timestamp', time: 'time',
  timestamp: 'timestamp', timestamptz: 'timestamptz', binary: 'bytea', enum: 'text', enu: 'text', json: 'json', jsonb: 'jsonb', uuid: 'uuid',
  geometry: 'geometry', geography: 'geography', point: 'point', inet: 'inet', specificType: '',
};

/** Sequelize DataTypes and db-migrate / node-pg-migrate type words → SQL type. */
const CODE_TYPES: Record<string, string> = {
  STRING: 'varchar', CHAR: 'char', TEXT: 'text', CITEXT: 'citext', INTEGER: 'integer', BIGINT: 'bigint', SMALLINT: 'smallint',
  FLOAT: 'real', REAL: 'real', DOUBLE: 'double precision', DECIMAL: 'numeric', BOOLEAN: 'boolean', DATE: 'timestamptz',
  DATEONLY: 'date', TIME: 'time', UUID: 'uuid', UUIDV4: 'uuid', JSON: 'json', JSONB: 'jsonb', BLOB: 'bytea', INET: 'inet',
  CIDR: 'cidr', MACADDR: 'macaddr', ENUM: 'text', ARRAY: 'array',
  string: 'varchar', text: 'text', int: 'integer', smallint: 'smallint', bigint: 'bigint', real: 'real', decimal: 'numeric',
  boolean: 'boolean', date: 'date', datetime: 'timestamp', time: 'time', timestamp: 'timestamp', blob: 'bytea', binary: 'bytea',
  char: 'char', json: 'json', jsonb: 'jsonb', id: 'serial',
};

/**
 * The statements a call chain makes, in order, and the arguments of its other links (`.then(() => …)`),
 * which may run more (each with the call it is an argument of); undefined when no link of the chain
 * builds the schema.
 */
export function builderSteps(r: Reader, call: TS.CallExpression): { ops: SchemaOp[]; rest: Array<{ node: TS.Node; call: TS.CallExpression }> } | undefined {
  const { ts } = r;
  if (!ts.isPropertyAccessExpression(call.expression) || !chainCallsBuilder(ts, call)) return undefined;
  const links = chain(ts, call);
  // Kysely: db.schema.createTable('t')….execute() — the chain is one statement
  const head = links.findIndex((l) => (l.method === 'createTable' || l.method === 'alterTable' || l.method === 'dropTable') && l.call.arguments.length === 1 && !isObjectOrNew(ts, l.call.arguments[0]));
  if (head >= 0 && viaSchema(ts, links[head].call)) return { ops: kysely(r, links.slice(head)), rest: [] };
  const ops: SchemaOp[] = [];
  const rest: Array<{ node: TS.Node; call: TS.CallExpression }> = [];
  let any = false;
  for (const link of links) {
    const made = single(r, link.call, link.method);
    if (made) {
      any = true;
      ops.push(...made);
    } else for (const node of link.call.arguments) rest.push({ node, call: link.call });
  }
  return any ? { ops, rest } : undefined;
}

interface Link {
  method: string;
  call: TS.CallExpression;
}

/** The calls of a method chain, innermost (first run) first. */
function chain(ts: TypeScriptApi, call: TS.CallExpression): Link[] {
  const out: Link[] = [];
  let e: TS.Expression = call;
  for (let i = 0; i < 4096 && ts.isCallExpression(e); i++) {
    if (!ts.isPropertyAccessExpression(e.expression)) break;
    out.push({ method: e.expression.name.text, call: e });
    e = e.expression.expression;
  }
  return out.reverse();
}

/**
 * Does a link of the chain call a builder method? Only such a chain makes statements (Kysely's heads
 * are builder methods too); any other call, most calls of a migration, is told apart without a list.
 */
function chainCallsBuilder(ts: TypeScriptApi, call: TS.CallExpression): boolean {
  let e: TS.Expression = call;
  for (let i = 0; i < 4096 && ts.isCallExpression(e); i++) {
    if (!ts.isPropertyAccessExpression(e.expression)) return false;
    if (BUILDER_METHODS.has(e.expression.name.text)) return true;
    e = e.expression.expression;
  }
  return false;
}

function viaSchema(ts: TypeScriptApi, call: TS.CallExpression): boolean {
  let e: TS.Expression = (call.expression as TS.PropertyAccessExpression).expression;
  for (let i = 0; i < 16; i++) {
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) e = e.expression.expression;
    else if (ts.isPropertyAccessExpression(e)) {
      if (e.name.text === 'schema') return true;
      e = e.expression;
    } else return ts.isIdentifier(e) && e.text === 'schema';
  }
  return false;
}

function isObjectOrNew(ts: TypeScriptApi, e: TS.Expression): boolean {
  return ts.isObjectLiteralExpression(e) || ts.isNewExpression(e);
}

function withSchemaOf(ts: TypeScriptApi, r: Reader, call: TS.CallExpression): string | undefined {
  let e: TS.Expression = (call.expression as TS.PropertyAccessExpression).expression;
  for (let i = 0; i < 16; i++) {
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      if (e.expression.name.text === 'withSchema') return r.str(e.arguments[0]);
      e = e.expression.expression;
    } else if (ts.isPropertyAccessExpression(e)) e = e.expression;
    else return undefined;
  }
  return undefined;
}

/** A table argument: 'name', 'schema.name' (knex), { tableName, schema } (sequelize), { schema, name } (node-pg-migrate), new Table({ name }). */
function tableArg(r: Reader, e: TS.Expression | undefined, schema?: string, depth = 0): TableName | undefined {
  const { ts } = r;
  if (!e || depth > 20) return undefined;
  const s = r.str(e);
  if (s !== undefined) {
    const dot = s.indexOf('.');
    if (dot > 0) return { schema: s.slice(0, dot), name: s.slice(dot + 1) };
    return schema ? { schema, name: s } : { name: s };
  }
  if (ts.isObjectLiteralExpression(e)) {
    const name = r.str(prop(ts, e, 'tableName')) ?? r.str(prop(ts, e, 'name'));
    const sch = r.str(prop(ts, e, 'schema')) ?? schema;
    return name ? (sch ? { schema: sch, name } : { name }) : undefined;
  }
  if (ts.isNewExpression(e) && e.arguments?.[0]) return tableArg(r, e.arguments[0], schema, depth + 1);
  return undefined;
}

function prop(ts: TypeScriptApi, o: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

/** The methods single() reads; any other call is none (and costs no position or schema lookup). */
const BUILDER_METHODS = new Set(['createTable', 'createTableIfNotExists', 'table', 'alterTable', 'dropTable', 'dropTableIfExists', 'renameTable', 'addColumn', 'changeColumn', 'alterColumn', 'addColumns', 'removeColumn', 'dropColumn', 'dropColumns', 'renameColumn']);

/** One builder call (not Kysely), or undefined when the call is none. */
function single(r: Reader, call: TS.CallExpression, method: string): SchemaOp[] | undefined {
  if (!BUILDER_METHODS.has(method)) return undefined;
  const { ts } = r;
  const [a0, a1, a2] = call.arguments;
  const at = r.at(call.getStart(r.sf));
  const schema = withSchemaOf(ts, r, call);
  switch (method) {
    case 'createTable':
    case 'createTableIfNotExists': {
      if (a0 && ts.isNewExpression(a0)) return typeormTable(r, a0, at);
      const table = tableArg(r, a0, schema);
      if (!table || !a1) return undefined;
      const ifNotExists = method === 'createTableIfNotExists' || (a2 !== undefined && a2.kind === ts.SyntaxKind.TrueKeyword);
      if (ts.isArrowFunction(a1) || ts.isFunctionExpression(a1)) {
        const k = knexBody(r, a1, table, at);
        return [{ op: 'create-table', table, columns: k.columns, ifNotExists, location: at, notes: r.notesAbove(call) }, ...k.ops];
      }
      if (ts.isObjectLiteralExpression(a1)) return [{ op: 'create-table', table, columns: attributes(r, a1), ifNotExists, location: at, notes: r.notesAbove(call) }];
      return undefined;
    }
    case 'table':
    case 'alterTable': {
      const table = tableArg(r, a0, schema);
      if (!table || !a1 || !(ts.isArrowFunction(a1) || ts.isFunctionExpression(a1)) || !viaSchema(ts, call)) return undefined;
      const k = knexBody(r, a1, table, at);
      return [...k.columns.map((column) => ({ op: 'add-column' as const, table, column, location: at })), ...k.ops];
    }
    case 'dropTable':
    case 'dropTableIfExists': {
      const table = tableArg(r, a0, schema);
      return table ? [{ op: 'drop-table', table, location: at }] : undefined;
    }
    case 'renameTable': {
      const table = tableArg(r, a0, schema);
      const to = tableArg(r, a1, schema);
      return table && to ? [{ op: 'rename-table', table, to, location: at }] : undefined;
    }
    case 'addColumn':
    case 'changeColumn':
    case 'alterColumn': {
      const table = tableArg(r, a0, schema);
      if (!table) return undefined;
      if (a1 && ts.isNewExpression(a1)) {
        const col = typeormColumn(r, a1.arguments?.[0]);
        return col ? [{ op: 'add-column', table, column: col, location: at }] : undefined;
      }
      const name = r.str(a1);
      if (!name || !a2) return undefined;
      if (a2 && ts.isNewExpression(a2)) {
        const col = typeormColumn(r, a2.arguments?.[0]);
        return col ? [{ op: 'alter-column-type', table, column: name, sqlType: col.sqlType, location: at }] : undefined;
      }
      const sqlType = typeOf(r, a2);
      if (method === 'addColumn') return [{ op: 'add-column', table, column: { name, sqlType: sqlType ?? '', location: r.at(a1!.getStart(r.sf)), notes: r.notesAbove(call) }, location: at }];
      return sqlType ? [{ op: 'alter-column-type', table, column: name, sqlType, location: at }] : [];
    }
    case 'addColumns': {
      const table = tableArg(r, a0, schema);
      if (!table || !a1) return undefined;
      if (ts.isObjectLiteralExpression(a1)) return attributes(r, a1).map((column) => ({ op: 'add-column' as const, table, column, location: at }));
      if (ts.isArrayLiteralExpression(a1)) {
        return a1.elements.flatMap((el) => {
          const col = ts.isNewExpression(el) ? typeormColumn(r, el.arguments?.[0]) : undefined;
          return col ? [{ op: 'add-column' as const, table, column: col, location: at }] : [];
        });
      }
      return undefined;
    }
    case 'removeColumn':
    case 'dropColumn':
    case 'dropColumns': {
      const table = tableArg(r, a0, schema);
      if (!table || !a1) return undefined;
      const names = ts.isArrayLiteralExpression(a1) ? a1.elements.map((el) => columnName(r, el)) : [columnName(r, a1)];
      return names.filter((n): n is string => !!n).map((column) => ({ op: 'drop-column' as const, table, column, location: at }));
    }
    case 'renameColumn': {
      const table = tableArg(r, a0, schema);
      const from = columnName(r, a1);
      const to = columnName(r, a2);
      return table && from && to ? [{ op: 'rename-column', table, from, to, location: at }] : undefined;
    }
  }
  return undefined;
}

function columnName(r: Reader, e: TS.Expression | undefined): string | undefined {
  if (!e) return undefined;
  if (r.ts.isNewExpression(e)) return typeormColumn(r, e.arguments?.[0])?.name;
  return r.str(e);
}

/** A column type in code: 'varchar(20)', Sequelize.STRING(20), DataTypes.INET, { type: … }, sql`inet`. */
function typeOf(r: Reader, e: TS.Expression | undefined, depth = 0): string | undefined {
  const { ts } = r;
  // `Sequelize.STRING()()…` parses in a loop to any depth; a real type is a call or two deep
  if (!e || depth > 20) return undefined;
  const s = r.str(e);
  if (s !== undefined) return CODE_TYPES[s] ?? s.toLowerCase();
  if (ts.isObjectLiteralExpression(e)) return typeOf(r, prop(ts, e, 'type'), depth + 1);
  if (ts.isCallExpression(e)) return typeOf(r, e.expression, depth + 1);
  if (ts.isPropertyAccessExpression(e)) return CODE_TYPES[e.name.text];
  if (ts.isTaggedTemplateExpression(e) && ts.isNoSubstitutionTemplateLiteral(e.template)) return e.template.text.toLowerCase();
  return undefined;
}

/** `{ email: { type: Sequelize.STRING, field: 'email_address' }, name: 'string' }`: one column per attribute (VIRTUAL ones are none). */
function attributes(r: Reader, o: TS.ObjectLiteralExpression): ColumnSpec[] {
  const { ts } = r;
  const out: ColumnSpec[] = [];
  for (const p of o.properties) {
    if (!ts.isPropertyAssignment(p) || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
    // (the initializer's own text is searched only in a file the word is in: one pass over the file)
    if ((r.holdsVirtual ??= r.text.includes('VIRTUAL')) && /\bVIRTUAL\b/.test(p.initializer.getText(r.sf))) continue;
    const field = ts.isObjectLiteralExpression(p.initializer) ? r.str(prop(ts, p.initializer, 'field')) : undefined;
    out.push({ name: field ?? p.name.text, sqlType: typeOf(r, p.initializer) ?? '', location: r.at(p.name.getStart(r.sf)), notes: r.notesAbove(p) });
  }
  return out;
}

function typeormColumn(r: Reader, e: TS.Expression | undefined): ColumnSpec | undefined {
  const { ts } = r;
  if (!e || !ts.isObjectLiteralExpression(e)) return undefined;
  const nameNode = prop(ts, e, 'name');
  const name = r.str(nameNode);
  if (!name || !nameNode) return undefined;
  return { name, sqlType: r.str(prop(ts, e, 'type'))?.toLowerCase() ?? '', location: r.at(nameNode.getStart(r.sf)), notes: r.notesAbove(e) };
}

function typeormTable(r: Reader, created: TS.NewExpression, at: Location): SchemaOp[] | undefined {
  const { ts } = r;
  const options = created.arguments?.[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const table = tableArg(r, options);
  if (!table) return undefined;
  const list = prop(ts, options, 'columns');
  const columns = list && ts.isArrayLiteralExpression(list) ? list.elements.map((c) => typeormColumn(r, c)).filter((c): c is ColumnSpec => !!c) : [];
  return [{ op: 'create-table', table, columns, location: r.at(created.getStart(r.sf)), notes: r.notesAbove(created) }];
}

/** The columns a knex table callback makes, and the changes it makes to existing columns. */
function knexBody(r: Reader, fn: TS.ArrowFunction | TS.FunctionExpression, table: TableName, at: Location): { columns: ColumnSpec[]; ops: SchemaOp[] } {
  const { ts } = r;
  const param = fn.parameters[0]?.name;
  const columns: ColumnSpec[] = [];
  const ops: SchemaOp[] = [];
  if (!param || !ts.isIdentifier(param)) return { columns, ops };
  const builder = param.text;
  const statements: TS.Node[] = ts.isBlock(fn.body) ? [...fn.body.statements] : [fn.body];
  for (const st of statements) {
    const e = ts.isExpressionStatement(st) ? st.expression : st;
    if (!ts.isCallExpression(e)) continue;
    const links = chain(ts, e);
    const first = links[0];
    if (!first || !ts.isIdentifier((first.call.expression as TS.PropertyAccessExpression).expression) || ((first.call.expression as TS.PropertyAccessExpression).expression as TS.Identifier).text !== builder) continue;
    const [a0, a1] = first.call.arguments;
    const m = first.method;
    if (m === 'dropColumn' || m === 'dropColumns') {
      for (const a of first.call.arguments) {
        const n = r.str(a);
        if (n) ops.push({ op: 'drop-column', table, column: n, location: at });
      }
    } else if (m === 'renameColumn') {
      const from = r.str(a0);
      const to = r.str(a1);
      if (from && to) ops.push({ op: 'rename-column', table, from, to, location: at });
    } else if (m === 'timestamps') {
      for (const name of ['created_at', 'updated_at']) columns.push({ name, sqlType: 'timestamp', location: r.at(first.call.getStart(r.sf)) });
    } else if (KNEX_TYPES[m] !== undefined) {
      const name = r.str(a0);
      if (!name) continue;
      const sqlType = m === 'specificType' ? (r.str(a1)?.toLowerCase() ?? '') : KNEX_TYPES[m];
      if (links.some((l) => l.method === 'alter')) ops.push({ op: 'alter-column-type', table, column: name, sqlType, location: at });
      else columns.push({ name, sqlType, location: r.at(a0.getStart(r.sf)), notes: r.notesAbove(st) });
    }
  }
  return { columns, ops };
}

/** Kysely: the chain from createTable/alterTable/dropTable to execute(). */
function kysely(r: Reader, links: Link[]): SchemaOp[] {
  const { ts } = r;
  const [head, ...rest] = links;
  const at = r.at(head.call.getStart(r.sf));
  const table = tableArg(r, head.call.arguments[0], withSchemaOf(ts, r, head.call));
  if (!table) return [];
  if (head.method === 'dropTable') return [{ op: 'drop-table', table, location: at }];
  const columns: ColumnSpec[] = [];
  const ops: SchemaOp[] = [];
  let ifNotExists = false;
  for (const l of rest) {
    const [a0, a1] = l.call.arguments;
    const name = r.str(a0);
    const notes = () => {
      const access = l.call.expression as TS.PropertyAccessExpression;
      return r.notesAbove(access.name).length ? r.notesAbove(access.name) : linkNotes(r, access);
    };
    if (l.method === 'ifNotExists') ifNotExists = true;
    else if (l.method === 'addColumn' && name) {
      const col: ColumnSpec = { name, sqlType: typeOf(r, a1) ?? '', location: r.at(a0.getStart(r.sf)), notes: notes() };
      if (head.method === 'createTable') columns.push(col);
      else ops.push({ op: 'add-column', table, column: col, location: at });
    } else if (l.method === 'dropColumn' && name) ops.push({ op: 'drop-column', table, column: name, location: at });
    else if (l.method === 'renameColumn' && name) {
      const to = r.str(a1);
      if (to) ops.push({ op: 'rename-column', table, from: name, to, location: at });
    } else if (l.method === 'alterColumn' && name && a1 && (ts.isArrowFunction(a1) || ts.isFunctionExpression(a1))) {
      const set = ts.isCallExpression(a1.body) && ts.isPropertyAccessExpression(a1.body.expression) && a1.body.expression.name.text === 'setDataType' ? typeOf(r, a1.body.arguments[0]) : undefined;
      if (set) ops.push({ op: 'alter-column-type', table, column: name, sqlType: set, location: at });
    } else if (l.method === 'renameTo' && name) ops.push({ op: 'rename-table', table, to: table.schema ? { schema: table.schema, name } : { name }, location: at });
  }
  if (head.method === 'createTable') return [{ op: 'create-table', table, columns, ifNotExists, location: at, notes: r.notesAbove(head.call) }, ...ops];
  return ops;
}

/** Comments between the links of a chain (`// @category x` above `.addColumn(…)`). */
function linkNotes(r: Reader, access: TS.PropertyAccessExpression): Array<{ text: string; location: Location }> {
  const out: Array<{ text: string; location: Location }> = [];
  for (const c of r.ts.getLeadingCommentRanges(r.text, access.expression.end) ?? []) {
    const body = r.text.slice(c.pos, c.end);
    if (!body.includes('@')) continue;
    out.push({ text: body.slice(2).replace(/\*\/$/, ''), location: r.at(c.pos + 2) });
  }
  return out;
}

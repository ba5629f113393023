/**
 * A migration written in code, read as the schema changes its forward direction makes, in the order
 * it makes them: the body of `up` (`exports.up`, `export async function up`, `export const up`,
 * `module.exports = { up() {…} }`, a class's `up()` method — TypeORM, MikroORM) and never `down`.
 * Each step is SQL the migration runs (`queryRunner.query`, `knex.raw`, `db.runSql`, `pgm.sql`,
 * `this.addSql`, Kysely's sql`…`.execute(db)) or a schema-builder call (builders.ts). Syntax only:
 * nothing of the repository is run.
 */
import type * as TS from 'typescript';
import type { Location } from '../../core/types.js';
import type { TypeScriptApi } from '../typescript/load-ts.js';
import type { SchemaOp } from '../sql/model.js';
import { builderSteps, type Reader } from './builders.js';
import { classMethods, databaseBranch, ownMethodCalled } from './branches.js';
import type { Dialect } from '../sql/dialect.js';
import { mayAnnotate } from '../sql/file-context.js';
import { LineIndex } from '../../core/text.js';

/** A SQL step's `dialect` is the database a per-database branch it is in runs on (branches.ts). */
export type MigrationStep = { kind: 'sql'; text: string; line: number; column: number; dialect?: Dialect } | { kind: 'op'; op: SchemaOp };

/** Cheap test on the text: does it define an `up` direction at all? */
const UP = /\bexports\.up\b|\bexport\s+(?:async\s+)?function\s+up\b|\bexport\s+const\s+up\b|(?:^|[\s,{])(?:async\s+)?up\s*(?::|\()/m;

export function looksLikeCodeMigration(text: string): boolean {
  return UP.test(text);
}

/** Methods whose string argument is SQL run by the migration. */
const RUNS_SQL = new Set(['query', 'raw', 'runSql', 'sql', 'addSql', 'execute', 'exec', 'executeSql', 'unsafe', 'none', 'any']);
const MAX_STEPS = 50_000;
/** The notes of a file that can hold no tag: none (one shared list, never written). */
const NO_NOTES: Array<{ text: string; location: Location }> = Object.freeze([]) as unknown as Array<{ text: string; location: Location }>;

/** `database`: the dialect whose branch a migration written for several databases is read in. */
export function readCodeMigration(api: TypeScriptApi, file: string, text: string, database: Dialect = 'postgresql'): MigrationStep[] | undefined {
  if (!looksLikeCodeMigration(text)) return undefined;
  const ts = fastApi(api);
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  // Parent links (a third of the parse's cost) are set only when a note may need them: notesAbove()
  // climbs to a node's statement, and only a file that may hold a tag has notes (mayAnnotate: a
  // sequelize-cli file's JSDoc `@type` is none). The walk below passes each node's parent and
  // grandparent itself.
  const tagged = mayAnnotate(text);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, tagged, kind);
  const ups = upBodies(ts, sf);
  if (ups.length === 0) return undefined;
  const consts = constants(ts, sf);
  // the text layer's lines (U+2028 and U+2029 are content there, as in every other source), made on the first position asked
  let lines: LineIndex | undefined;
  const at = (pos: number): Location => {
    const p = (lines ??= new LineIndex(text)).position(pos);
    return { file, line: p.line, column: p.column };
  };
  const reader: Reader = {
    ts, sf, file, text, at,
    str: (e) => stringValue(ts, e, consts),
    // a note annotates only with a tag in it: a file that can hold none has none to look for
    notesAbove: tagged ? (node) => notesAbove(ts, text, at, node) : () => NO_NOTES,
  };
  const steps: MigrationStep[] = [];
  let methods: Map<string, TS.Block> | undefined;
  const methodsOf = () => (methods ??= classMethods(ts, sf));
  const entered = new Set<TS.Node>();
  const firstNode = ts.SyntaxKind.FirstNode;
  const visit = (node: TS.Node, parent?: TS.Node, grandparent?: TS.Node): void => {
    // a token (a name, a literal, a keyword) holds no call
    if (node.kind < firstNode || steps.length > MAX_STEPS) return;
    // a migration for several databases: only the branch of the database this history is runs (branches.ts)
    if (ts.isSwitchStatement(node)) {
      const branch = databaseBranch(ts, node, database);
      if (branch) {
        const from = steps.length;
        for (const st of branch) visit(st, node, parent);
        for (const step of steps.slice(from)) if (step.kind === 'sql') step.dialect ??= database;
        return;
      }
    }
    // an inner function that is not called here (`down` nested in `up`, a helper) is still visited:
    // code in `up` runs what it declares in order in nearly every migration
    // Kysely runs sql`…` as a statement only as sql`…`.execute(db); elsewhere it is a fragment (an expression, a type)
    if (ts.isTaggedTemplateExpression(node) && /^(?:sql|SQL)$/.test(node.tag.getText(sf))) {
      if (parent && ts.isPropertyAccessExpression(parent) && parent.name.text === 'execute' && grandparent && ts.isCallExpression(grandparent)) steps.push(sqlStep(ts, reader, node.template, consts));
      return;
    }
    if (ts.isCallExpression(node)) {
      const built = builderSteps(reader, node);
      if (built) {
        steps.push(...built.ops.map((op) => ({ kind: 'op' as const, op })));
        for (const { node: arg, call } of built.rest) visit(arg, call);
        return;
      }
      const callee = node.expression;
      const arg = node.arguments[0];
      // knex.raw(`CASE … END`) as a value (`.update({ type: knex.raw(…) })`, `.defaultTo(knex.raw('now()'))`)
      // is a fragment of the query around it, not a statement
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'raw' && parent && (ts.isPropertyAssignment(parent) || (ts.isCallExpression(parent) && parent.arguments.some((a) => a === node)))) return;
      if (ts.isPropertyAccessExpression(callee) && RUNS_SQL.has(callee.name.text) && arg && isStringish(ts, arg)) {
        // the receiver chain runs first (`a.query(x).then(() => b.query(y))`)
        visit(callee.expression, callee, node);
        steps.push(sqlStep(ts, reader, arg, consts));
        for (const rest of node.arguments.slice(1)) visit(rest, node, parent);
        return;
      }
      // `this.postgresUpQueryRunner(queryRunner)`: the class's own method runs where it is called (once)
      const own = ownMethodCalled(ts, node, methodsOf);
      if (own && !entered.has(own)) {
        entered.add(own);
        visit(own, node, parent);
      }
    }
    // (one callback for all children, told their parent and grandparent here: no closure per node)
    const p0 = childParent;
    const g0 = childGrandparent;
    childParent = node;
    childGrandparent = parent;
    ts.forEachChild(node, visitChild);
    childParent = p0;
    childGrandparent = g0;
  };
  let childParent: TS.Node | undefined;
  let childGrandparent: TS.Node | undefined;
  const visitChild = (child: TS.Node): void => visit(child, childParent, childGrandparent);
  for (const body of ups) visit(body);
  return steps;
}

/** What the walk and the builders ask TypeScript for, per node. */
const HOT = [
  'isIdentifier', 'isPropertyAccessExpression', 'isObjectLiteralExpression', 'isCallExpression', 'isNewExpression',
  'isStringLiteral', 'isNoSubstitutionTemplateLiteral', 'isFunctionExpression', 'isBinaryExpression', 'isArrowFunction',
  'isArrayLiteralExpression', 'isTemplateExpression', 'isPropertyAssignment', 'isMethodDeclaration', 'isVariableStatement',
  'isTaggedTemplateExpression', 'isFunctionDeclaration', 'isExpressionStatement', 'isBlock', 'isSourceFile',
  'isParenthesizedExpression', 'isExportAssignment', 'isClassDeclaration', 'isAsExpression', 'forEachChild',
  'getLeadingCommentRanges', 'SyntaxKind', 'ScriptKind', 'ScriptTarget', 'NodeFlags', 'createSourceFile',
] as const;

let fast: { of: TypeScriptApi; api: TypeScriptApi } | undefined;

/**
 * TypeScript's API with the functions the readers call as plain properties of one small object.
 * The namespace object serves each of its thousands of exports through a getter, so every
 * `ts.isIdentifier(node)` is a getter call first: in a walk asking several per node, more than the
 * tests themselves. Anything else is still found on TypeScript itself, the prototype.
 */
function fastApi(ts: TypeScriptApi): TypeScriptApi {
  if (fast?.of === ts) return fast.api;
  const own: PropertyDescriptorMap = {};
  for (const name of HOT) own[name] = { value: (ts as unknown as Record<string, unknown>)[name], enumerable: true };
  fast = { of: ts, api: Object.create(ts, own) as TypeScriptApi };
  return fast.api;
}

function isStringish(ts: TypeScriptApi, e: TS.Expression): boolean {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e) || ts.isIdentifier(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken);
}

/** SQL text of a literal (constants pasted into `${…}`, the rest left for the placeholder pass) and where its text starts. */
function sqlStep(ts: TypeScriptApi, r: Reader, e: TS.Node, consts: Map<string, string>): MigrationStep {
  const start = e.getStart(r.sf);
  const at = r.at(start);
  const line = at.line;
  const column = at.column + 1; // past the quote
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'sql', text: e.text, line, column };
  if (ts.isTemplateExpression(e)) {
    let text = e.head.text;
    for (const span of e.templateSpans) {
      const known = stringValue(ts, span.expression, consts);
      text += known ?? `\${${span.expression.getText(r.sf)}}`;
      text += span.literal.text;
    }
    return { kind: 'sql', text, line, column };
  }
  if (ts.isIdentifier(e) || ts.isBinaryExpression(e)) {
    const v = stringValue(ts, e as TS.Expression, consts);
    if (v !== undefined) return { kind: 'sql', text: v, line, column: column - 1 };
  }
  return { kind: 'sql', text: '', line, column };
}

/** A string constant: a literal, a top-level `const` holding one, or a `+` of such. */
function stringValue(ts: TypeScriptApi, e: TS.Expression | undefined, consts: Map<string, string>, depth = 0): string | undefined {
  if (!e || depth > 20) return undefined;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return stringValue(ts, e.expression, consts, depth + 1);
  if (ts.isIdentifier(e)) return consts.get(e.text);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = stringValue(ts, e.left, consts, depth + 1);
    const r = l === undefined ? undefined : stringValue(ts, e.right, consts, depth + 1);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const v = stringValue(ts, span.expression, consts, depth + 1);
      if (v === undefined) return undefined;
      out += v + span.literal.text;
    }
    return out;
  }
  return undefined;
}

/** Top-level `const NAME = 'text'` (a table name, a SQL text the migration runs). */
function constants(ts: TypeScriptApi, sf: TS.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer) continue;
      const v = stringValue(ts, d.initializer, out);
      if (v !== undefined) out.set(d.name.text, v);
    }
  }
  return out;
}

/** The bodies of the `up` direction, in file order. */
function upBodies(ts: TypeScriptApi, sf: TS.SourceFile): TS.Node[] {
  const out: TS.Node[] = [];
  const fnBody = (e: TS.Node | undefined): TS.Node | undefined => {
    if (!e) return undefined;
    if (ts.isFunctionExpression(e) || ts.isArrowFunction(e) || ts.isFunctionDeclaration(e) || ts.isMethodDeclaration(e)) return e.body;
    if (ts.isCallExpression(e)) return e; // `exports.up = wrap(async (knex) => …)`
    return undefined;
  };
  const fromObject = (o: TS.Expression): void => {
    if (!ts.isObjectLiteralExpression(o)) return;
    for (const p of o.properties) {
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (name !== 'up') continue;
      const body = ts.isMethodDeclaration(p) ? p.body : ts.isPropertyAssignment(p) ? fnBody(p.initializer) : undefined;
      if (body) out.push(body);
    }
  };
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === 'up' && st.body) out.push(st.body);
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === 'up') {
          const b = fnBody(d.initializer);
          if (b) out.push(b);
        }
      }
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left.getText(sf);
      if (/^(?:module\.)?exports\.up$/.test(left)) {
        const b = fnBody(st.expression.right);
        if (b) out.push(b);
      } else if (left === 'module.exports') fromObject(st.expression.right);
    } else if (ts.isExportAssignment(st)) fromObject(st.expression);
    else if (ts.isClassDeclaration(st)) {
      for (const m of st.members) {
        if (ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === 'up' && m.body) out.push(m.body);
      }
    }
  }
  return out;
}

/** The comments directly above a node's statement (JSDoc or `//`), as annotation text with positions. */
function notesAbove(ts: TypeScriptApi, text: string, at: (pos: number) => Location, node: TS.Node): Array<{ text: string; location: Location }> {
  let n: TS.Node = node;
  // the statement holding the call (`await x.createTable(…)`), or the property / element itself
  while (n.parent && !ts.isBlock(n.parent) && !ts.isSourceFile(n.parent) && !ts.isObjectLiteralExpression(n.parent) && !ts.isArrayLiteralExpression(n.parent)) n = n.parent;
  const out: Array<{ text: string; location: Location }> = [];
  for (const r of ts.getLeadingCommentRanges(text, n.getFullStart()) ?? []) {
    const body = text.slice(r.pos, r.end);
    if (!body.includes('@')) continue;
    out.push({ text: body.slice(2).replace(/\*\/$/, '').replace(/^\*/, ' '), location: at(r.pos + 2) });
  }
  return out;
}

import type { ts as TS } from 'ts-morph';
import { parseAnnotations, type Annotation } from '../../core/annotations.js';
import type { CategoryClaim, Location, Store } from '../../core/types.js';
import type { TypeScriptApi } from './load-ts.js';
import type { BinaryOperator, Expr, FileScan, ModuleTable, PendingTarget } from './model.js';
import { fillPlaceholders, looksLikeSql, mayHoldSql, sqlOffsets, SQL_METHODS, SQL_TAGS } from './sql-text.js';
import { categoryClaims, recordAnnotations } from './annotation-claims.js';
import { COLUMN_DECORATOR, DRIZZLE_TABLES, ENTITY_DECORATORS, SchemaCall, clip, columnOf, declaredType, drizzleColumn, drizzleTable, entityOf, headText, propertyNameText, schemaCall, schemaCalls } from './orm-tables.js';

const TS_WRONG_PLACE = {
  category: '@category belongs on a declaration: an interface, type, class, property, variable or function',
  retention: '@retention belongs on a constant (const NAME = value) or a property with a value',
};

/** Deepest constant expression turned into an evaluable form; deeper ones are unknown (never a stack overflow). */
export const MAX_EXPRESSION_DEPTH = 100;

// (and an @-word with a Cyrillic or Greek letter: a tag typed with a look-alike, which the tag parser names)
const TAG_IN_TEXT = /@(?:category|retention|implements|policy-ignore)\b|@[a-z]*[\u0370-\u03ff\u0400-\u04ff][a-z\u0370-\u03ff\u0400-\u04ff-]*/gi;

/** `import ms from 'ms'`, `import * as ms from 'ms'`, `const ms = require('ms')` */
const MS_IMPORT = /\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+['"]ms['"]|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]ms['"]\s*\)/g;
/** `import { Duration } from '@js-joda/core' | 'js-joda' | 'luxon'`, `const { Duration } = require('luxon')` */
const DURATION_IMPORT = /\{[^}]*\bDuration\b[^}]*\}\s*(?:from\s*|=\s*require\(\s*)['"](?:@js-joda\/core|js-joda|luxon)['"]/;
const JODA_UNITS: Record<string, 'ms' | 's' | 'min' | 'h' | 'd'> = { ofMillis: 'ms', ofSeconds: 's', ofMinutes: 'min', ofHours: 'h', ofDays: 'd' };
const LUXON_UNITS: Record<string, 'ms' | 's' | 'min' | 'h' | 'd' | 'w'> = {
  milliseconds: 'ms', millisecond: 'ms', seconds: 's', second: 's', minutes: 'min', minute: 'min',
  hours: 'h', hour: 'h', days: 'd', day: 'd', weeks: 'w', week: 'w',
};
const CONVERSIONS: Record<string, 'ms' | 'min' | 'h' | 'd'> = { toMillis: 'ms', toMinutes: 'min', toHours: 'h', toDays: 'd' };

/** ORM table definitions: their columns are stores even with no annotation (the classifier reads them). */
const ORM_IN_TEXT = /@(?:Entity|Table)\b|\bnew\s+Table\s*\(|\b(?:pg|mysql|sqlite|singlestore)Table(?:Creator)?\s*\(|\bpgSchema\s*\(|\.(?:createTable(?:IfNotExists)?|alterTable)\s*\(|\bschema\.table\s*\(|\b(?:DataTypes|Sequelize)\.[A-Z]/;

/** ORM_IN_TEXT, after a native search for the words every one of its forms holds (most files hold none). */
function ormInText(text: string): boolean {
  return (text.includes('able') || text.includes('@Entity') || text.includes('DataTypes') || text.includes('Sequelize') || text.includes('pgSchema')) && ORM_IN_TEXT.test(text);
}

/**
 * Where ORM tables are written (the pre-filter's ORM_IN_TEXT, and `.table(` of a knex or drizzle
 * builder): the walk goes into the nodes that hold these offsets, and only those.
 */
const ORM_ANYWHERE = new RegExp(`${ORM_IN_TEXT.source}|\\.table\\s*\\(`, 'g');

/**
 * Does a file that is too big or minified to parse hold something of policyproof's — a policy tag
 * (a lower-case id: not TypeDoc's `@category Array`) or an ORM table — whose loss is worth a warning?
 * SQL-like words are not counted: bundles are full of "update … set" and "truncate". With `orm`
 * false, only a tag counts: minified code is built from a source kept elsewhere, or vendored, and an
 * ORM-looking call in it (a rich-text editor's `table.createTable(rows, cols)`) is no model.
 */
export function holdsPolicyContent(text: string, orm = true): boolean {
  return /@(?:category|retention|implements)[ \t]+[a-z]|@policy-ignore\b/.test(text) || (orm && ormInText(text));
}

/** Does this text need a parse at all? Only tags, SQL and ORM tables make a file contribute anything. */
export function needsParse(text: string): boolean {
  TAG_IN_TEXT.lastIndex = 0;
  return TAG_IN_TEXT.test(text) || ormInText(text) || mayHoldSql(text);
}

export function scriptKindOf(ts: TypeScriptApi, file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?jsx?$/.test(file)) return file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

interface Frame {
  node: TS.Node;
  /** qualified name of the enclosing declaration: Class, Class.method, RETENTION */
  scope: string;
  /** whether this subtree holds any tag (else its comments need no look) */
  tags: boolean;
  /** a literal known to be SQL (tagged template, query() argument) */
  trusted?: boolean;
  /** a name for an anonymous function passed as an argument: router.delete('/history') */
  label?: string;
}

/**
 * Reads one file's syntax tree (no program, no type checker) and returns its stores, annotations,
 * retention constants still to evaluate, module table and SQL snippets. The tree is dropped on return.
 */
export function extractFile(ts: TypeScriptApi, file: string, text: string, options: { module?: 'always' | 'when-needed' } = {}): FileScan {
  const scan: FileScan = {
    file, stores: [], implementations: [], suppressions: [], diagnostics: [], references: [], retention: [],
    module: { consts: [], imports: [], exports: [], reexports: [] }, moduleRead: false, sql: [],
  };
  prepareOperators(ts);
  let sf: TS.SourceFile;
  try {
    sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(ts, file));
  } catch (e) {
    const why = e instanceof RangeError ? 'the code is nested too deeply for the parser' : `the parser failed: ${(e as Error).message}`;
    scan.diagnostics.push({ code: 'parse-error', message: `${why}; file not read`, location: { file, line: 1, column: 1 } });
    return scan;
  }
  try {
    new FileReader(ts, sf, file, text, scan, options.module === 'always' || /@retention\b/i.test(text)).read();
  } catch (e) {
    // A pathological tree must not stop the scan of the other files.
    const why = e instanceof RangeError ? 'the code is nested too deeply to read' : `internal error while reading: ${(e as Error).message}`;
    scan.diagnostics.push({ code: 'parse-error', message: why, location: { file, line: 1, column: 1 } });
  }
  return scan;
}

class FileReader {
  private readonly tagPositions: number[] = [];
  private readonly consumedComments = new Set<number>();
  private readonly consumedRanges: Array<[number, number]> = [];
  private readonly usedIds = new Map<string, number>();
  private readonly sqlInFile: boolean;
  /** SQL or ORM tables in the file: the nodes around `hot` are visited, not only those near a tag */
  private readonly visitAll: boolean;
  /** sorted offsets of SQL statement keywords and ORM table definitions in the text */
  private readonly hot: number[] = [];
  /** knex createTable and sequelize define/init calls already read */
  private readonly handledCalls = new Set<TS.Node>();
  /** templates already read through their tag */
  private readonly handledLiterals = new Set<TS.Node>();
  /** local names of the `ms` package's function (`import ms from 'ms'`, `const ms = require('ms')`) */
  private readonly msNames: Set<string>;
  /** the file imports `Duration` from js-joda or luxon */
  private readonly durationLibrary: boolean;

  constructor(
    private readonly ts: TypeScriptApi,
    private readonly sf: TS.SourceFile,
    private readonly file: string,
    private readonly text: string,
    private readonly scan: FileScan,
    private readonly withModule: boolean,
  ) {
    TAG_IN_TEXT.lastIndex = 0;
    for (const m of text.matchAll(TAG_IN_TEXT)) this.tagPositions.push(m.index);
    this.sqlInFile = mayHoldSql(text);
    this.visitAll = this.sqlInFile || ormInText(text);
    if (this.visitAll) {
      if (this.sqlInFile) this.hot.push(...sqlOffsets(text));
      ORM_ANYWHERE.lastIndex = 0;
      for (const m of text.matchAll(ORM_ANYWHERE)) this.hot.push(m.index);
      this.hot.sort((a, b) => a - b);
    }
    this.msNames = /['"]ms['"]/.test(text) ? new Set([...text.matchAll(MS_IMPORT)].map((m) => m[1] ?? m[2])) : new Set();
    this.durationLibrary = text.includes('Duration') && DURATION_IMPORT.test(text);
  }

  read(): void {
    this.reportParseErrors();
    // Other files' constants need this file's module table only when they import from it, which the
    // resolver finds out later (and then reads the file again); a file with its own @retention needs it now.
    if (this.withModule) {
      this.readModule();
      this.scan.moduleRead = true;
    }
    if (this.tagPositions.length === 0 && !this.visitAll) return;
    this.walk();
    this.trailingSuppressions();
    // A template literal of SQL pastes its values (`${TABLE}`): they are evaluated against this file's
    // constants and imports, so the table is read now rather than by a second parse of the file later.
    // An @implements on a reference to a function is followed through this file's imports the same way.
    if (!this.scan.moduleRead && (this.scan.implementsTargets || this.scan.sql.some((q) => q.template?.exprs.some((e) => e.k !== 'num' && e.k !== 'str' && e.k !== 'unknown')))) {
      this.readModule();
      this.scan.moduleRead = true;
    }
  }

  /**
   * `// @policy-ignore …` at the end of a line belongs to no declaration (the compiler calls it the
   * previous token's trailing comment); it still suppresses findings on its line.
   */
  private trailingSuppressions(): void {
    for (const pos of this.tagPositions) {
      if (!this.text.startsWith('@policy-ignore', pos)) continue;
      if (this.consumedRanges.some(([from, to]) => pos >= from && pos < to)) continue;
      const lineStart = this.text.lastIndexOf('\n', pos - 1) + 1;
      const slash = this.text.slice(lineStart, pos).lastIndexOf('//');
      if (slash === -1) continue;
      const lineEnd = this.text.indexOf('\n', pos);
      const from = lineStart + slash;
      const at = this.sf.getLineAndCharacterOfPosition(from);
      this.consumedRanges.push([from, lineEnd === -1 ? this.text.length : lineEnd]);
      const annotations = parseAnnotations(shortLines(this.text.slice(from, lineEnd === -1 ? undefined : lineEnd)), at.line + 1, at.character + 1);
      this.common(annotations.filter((a) => a.tag === 'policy-ignore'), '', undefined, { category: false, retention: false });
    }
  }

  private reportParseErrors(): void {
    const errors = (this.sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    if (errors.length === 0) return;
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    this.scan.diagnostics.push({
      code: 'parse-error',
      message: `syntax error: ${this.ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}; the rest of the file was read as far as the parser recovered`,
      location: this.locationAt(first.start ?? 0),
    });
  }

  // ───────────── module table: top-level constants, imports, exports ─────────────

  private readModule(): void {
    const ts = this.ts;
    const mod: ModuleTable = this.scan.module;
    for (const st of this.sf.statements) {
      const exported = hasModifier(ts, st, ts.SyntaxKind.ExportKeyword);
      if (ts.isVariableStatement(st)) {
        const flags = st.declarationList.flags;
        const mutable = flags & ts.NodeFlags.Const ? undefined : flags & ts.NodeFlags.Let ? 'let' : 'var';
        for (const d of st.declarationList.declarations) {
          if (!ts.isIdentifier(d.name)) continue;
          const fn = d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer));
          const expr: Expr = fn ? this.fnExpr(d.name.text, d.name) : d.initializer ? this.toExpr(d.initializer) : { k: 'unknown', why: `"${d.name.text}" has no value` };
          mod.consts.push([d.name.text, mutable ? { expr, mutable } : { expr }]);
          if (exported) mod.exports.push([d.name.text, d.name.text]);
        }
      } else if (ts.isFunctionDeclaration(st) && st.name && st.body) {
        mod.consts.push([st.name.text, { expr: this.fnExpr(st.name.text, st.name) }]);
        if (exported) mod.exports.push([hasModifier(ts, st, ts.SyntaxKind.DefaultKeyword) ? 'default' : st.name.text, st.name.text]);
      } else if (ts.isEnumDeclaration(st) || ts.isClassDeclaration(st)) {
        if (!st.name) continue;
        mod.consts.push([st.name.text, { expr: ts.isEnumDeclaration(st) ? this.enumExpr(st) : this.staticsExpr(st) }]);
        if (exported) mod.exports.push([st.name.text, st.name.text]);
      } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const module = st.moduleSpecifier.text;
        const clause = st.importClause;
        if (!clause) continue;
        if (clause.name) mod.imports.push({ local: clause.name.text, module, imported: 'default' });
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) mod.imports.push({ local: nb.name.text, module, imported: '*' });
        else if (nb) for (const el of nb.elements) mod.imports.push({ local: el.name.text, module, imported: (el.propertyName ?? el.name).text });
      } else if (ts.isExportDeclaration(st)) {
        const module = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        const clause = st.exportClause;
        if (module) {
          if (!clause) mod.reexports.push({ module });
          else if (ts.isNamespaceExport(clause)) mod.reexports.push({ module, imported: '*', exported: clause.name.text });
          else for (const el of clause.elements) mod.reexports.push({ module, imported: (el.propertyName ?? el.name).text, exported: el.name.text });
        } else if (clause && ts.isNamedExports(clause)) {
          for (const el of clause.elements) mod.exports.push([el.name.text, (el.propertyName ?? el.name).text]);
        }
      } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
        mod.consts.push(['*default*', { expr: this.toExpr(st.expression) }]);
        mod.exports.push(['default', '*default*']);
      }
    }
  }

  private fnExpr(name: string, at: TS.Node): Expr {
    const { line, column } = this.nodeLocation(at);
    return { k: 'fn', name, line, column };
  }

  private enumExpr(node: TS.EnumDeclaration): Expr {
    const props: Array<[string, Expr]> = [];
    let next: number | undefined = 0;
    for (const m of node.members) {
      const name = propertyNameText(this.ts, m.name);
      if (name === undefined) continue;
      let expr: Expr;
      if (m.initializer) {
        expr = this.toExpr(m.initializer);
        next = expr.k === 'num' ? expr.v + 1 : undefined;
      } else if (next !== undefined) {
        expr = { k: 'num', v: next };
        next += 1;
      } else {
        expr = { k: 'unknown', why: `enum member ${node.name.text}.${name} follows a computed member` };
      }
      props.push([name, expr]);
    }
    return { k: 'obj', props };
  }

  /** A class as a namespace of its `static` properties (Retention.TRAFFIC_DAYS). */
  private staticsExpr(node: TS.ClassDeclaration): Expr {
    const ts = this.ts;
    const props: Array<[string, Expr]> = [];
    for (const m of node.members) {
      if (!ts.isPropertyDeclaration(m) || !hasModifier(ts, m, ts.SyntaxKind.StaticKeyword)) continue;
      const name = propertyNameText(ts, m.name);
      if (name === undefined) continue;
      props.push([name, m.initializer ? this.toExpr(m.initializer) : { k: 'unknown', why: `${name} has no value` }]);
    }
    return { k: 'obj', props };
  }

  /** The evaluable form of an expression; depth-limited, so a pathological nesting is unknown, not a crash. */
  private toExpr(node: TS.Expression, depth = 0): Expr {
    const ts = this.ts;
    if (depth > MAX_EXPRESSION_DEPTH) return { k: 'unknown', why: `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep` };
    const next = depth + 1;
    if (ts.isNumericLiteral(node)) {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { k: 'num', v } : { k: 'unknown', why: `${node.text} is not a finite number` };
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { k: 'str', v: node.text };
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
      return this.toExpr(node.expression, next);
    }
    const env = this.environmentRead(node);
    if (env) return { k: 'unknown', why: `the value is read from the environment (${env}) at run time; its deployed value is not in the repository` };
    if (ts.isPrefixUnaryExpression(node)) {
      if (node.operator === ts.SyntaxKind.MinusToken) return { k: 'neg', e: this.toExpr(node.operand, next) };
      if (node.operator === ts.SyntaxKind.PlusToken) return this.toExpr(node.operand, next);
      return { k: 'unknown', why: `the operator ${ts.tokenToString(node.operator) ?? '?'} is not evaluated` };
    }
    if (ts.isBinaryExpression(node)) {
      const op = BINARY[node.operatorToken.kind as number];
      if (!op) return { k: 'unknown', why: `the operator ${node.operatorToken.getText(this.sf)} is not evaluated` };
      return { k: 'bin', op, l: this.toExpr(node.left, next), r: this.toExpr(node.right, next) };
    }
    if (ts.isIdentifier(node)) return { k: 'ref', name: node.text };
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) return { k: 'prop', e: this.toExpr(node.expression, next), name: node.name.text };
    if (ts.isElementAccessExpression(node) && (ts.isStringLiteral(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression))) {
      return { k: 'prop', e: this.toExpr(node.expression, next), name: node.argumentExpression.text };
    }
    if (ts.isObjectLiteralExpression(node)) {
      const props: Array<[string, Expr]> = [];
      for (const p of node.properties) {
        if (ts.isPropertyAssignment(p)) {
          const name = propertyNameText(ts, p.name);
          if (name !== undefined) props.push([name, this.toExpr(p.initializer, next)]);
        } else if (ts.isShorthandPropertyAssignment(p)) {
          props.push([p.name.text, { k: 'ref', name: p.name.text }]);
        }
      }
      return { k: 'obj', props };
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && this.msNames.has(callee.text) && node.arguments.length === 1) return { k: 'ms', e: this.toExpr(node.arguments[0], next) };
      const duration = this.durationLibrary ? this.durationCall(node, next) : undefined;
      if (duration) return duration;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? `….${callee.name.text}` : 'of a function';
      return { k: 'unknown', why: `the call ${name}(…) is not evaluated (only literals, arithmetic and constants are)` };
    }
    if (ts.isTemplateExpression(node)) return { k: 'unknown', why: 'a template string with substitutions is not evaluated' };
    return { k: 'unknown', why: `${ts.SyntaxKind[node.kind]} is not evaluated (only literals, arithmetic and constants are)` };
  }

  /**
   * js-joda `Duration.ofDays(60)`, luxon `Duration.fromObject({ days: 60 })`, and either's
   * `.toMillis()` (the file imports `Duration` from one of them): amounts of a known unit.
   */
  private durationCall(node: TS.CallExpression, depth: number): Expr | undefined {
    const ts = this.ts;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const base = callee.expression;
    if (ts.isIdentifier(base) && base.text === 'Duration') {
      const [arg] = node.arguments;
      const unit = JODA_UNITS[method];
      if (unit && arg && node.arguments.length === 1) return { k: 'in', e: this.toExpr(arg, depth), unit };
      if (method === 'fromObject' && arg && ts.isObjectLiteralExpression(arg) && arg.properties.length === 1) {
        const p = arg.properties[0];
        const key = ts.isPropertyAssignment(p) ? propertyNameText(ts, p.name) : undefined;
        const objectUnit = key !== undefined ? LUXON_UNITS[key] : undefined;
        if (objectUnit && ts.isPropertyAssignment(p)) return { k: 'in', e: this.toExpr(p.initializer, depth), unit: objectUnit };
      }
      return undefined;
    }
    const to = CONVERSIONS[method];
    if (to && node.arguments.length === 0 && ts.isCallExpression(base)) {
      const inner = this.durationCall(base, depth + 1);
      if (inner) return { k: 'to', e: inner, unit: to };
    }
    return undefined;
  }

  /**
   * `process.env.X`, `import.meta.env.X`, and what wraps one — `Number(process.env.X)`,
   * `process.env.X ?? 60`, `parseInt(process.env.X || '60', 10)` — named for the reason of an unknown value.
   */
  private environmentRead(node: TS.Expression, depth = 0): string | undefined {
    const ts = this.ts;
    if (depth > 8) return undefined;
    while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const base = node.expression;
      const isEnv = (ts.isPropertyAccessExpression(base) && base.name.text === 'env' && (
        (ts.isIdentifier(base.expression) && base.expression.text === 'process') || ts.isMetaProperty(base.expression)));
      if (isEnv) return clip(headText(this.sf, node), 60);
      return undefined;
    }
    if (ts.isBinaryExpression(node)) {
      const k = node.operatorToken.kind;
      if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken) return this.environmentRead(node.left, depth + 1);
      return this.environmentRead(node.left, depth + 1) ?? this.environmentRead(node.right, depth + 1);
    }
    if (ts.isPrefixUnaryExpression(node)) return this.environmentRead(node.operand, depth + 1);
    if (ts.isCallExpression(node)) {
      for (const a of node.arguments) {
        const found = this.environmentRead(a, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  // ───────────── the walk ─────────────

  private walk(): void {
    const ts = this.ts;
    const stack: Frame[] = [{ node: this.sf, scope: '', tags: this.tagPositions.length > 0 }];
    while (stack.length > 0) {
      const frame = stack.pop() as Frame;
      const { node } = frame;
      const annotations = frame.tags ? this.takeAnnotations(node) : [];
      const skipChildren = this.visit(frame, annotations);
      if (skipChildren) continue;
      const children: Frame[] = [];
      const childScope = this.childScope(node, frame.scope);
      const trustedArgs = ts.isCallExpression(node) && isSqlCall(ts, node) ? node.arguments[0] : undefined;
      let argLabel: string | undefined;
      const labelFor = (child: TS.Node) => {
        if (!ts.isCallExpression(node) || !(ts.isArrowFunction(child) || ts.isFunctionExpression(child))) return undefined;
        return (argLabel ??= callLabel(ts, this.sf, node));
      };
      ts.forEachChild(node, (child) => {
        const tags = frame.tags && this.hasTagIn(child.pos, child.end);
        // A subtree with no tag, no SQL keyword and no ORM table yields nothing: it is not walked.
        if (!tags && !(this.visitAll && within(this.hot, child.pos, child.end))) return;
        children.push({
          node: child, scope: childScope, tags,
          trusted: child === trustedArgs,
          label: labelFor(child),
        });
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  private childScope(node: TS.Node, scope: string): string {
    const ts = this.ts;
    if ((ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isFunctionDeclaration(node) || ts.isModuleDeclaration(node)) && node.name) return qualify(scope, node.name.text);
    if (ts.isMethodDeclaration(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
      const name = propertyNameText(ts, node.name);
      return name === undefined ? scope : qualify(scope, name);
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) return qualify(scope, node.name.text);
    return scope;
  }

  /** Returns true when the node's children were handled already. */
  private visit(frame: Frame, annotations: Annotation[]): boolean {
    const ts = this.ts;
    const { node, scope } = frame;
    if (this.sqlInFile) {
      if (ts.isTaggedTemplateExpression(node)) {
        const tag = node.tag;
        const tagName = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) ? tag.name.text : '';
        this.sqlLiteral(node.template, SQL_TAGS.has(tagName), true);
        this.handledLiterals.add(node.template);
        this.applyGeneric(node, annotations, scope, frame.label);
        return !frame.tags;
      }
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && !this.handledLiterals.has(node)) {
        this.sqlLiteral(node, frame.trusted === true);
      }
    }
    if (this.visitAll && (ts.isExpressionStatement(node) || ts.isReturnStatement(node)) && node.expression) {
      // `await knex.schema.createTable(…)` with its JSDoc above the statement: the tags are the table's.
      const calls = schemaCalls(ts, this.sf, node.expression);
      if (calls.length > 0) {
        calls.forEach((c, i) => this.schemaTable(c, i === 0 ? annotations : []));
        return false;
      }
    }
    if (annotations.length > 0 && ts.isExpressionStatement(node)) {
      // CommonJS: `/** @retention traffic-data.max */ exports.TRAFFIC_DAYS = 60;` is a constant like `export const`.
      const target = commonJsExport(ts, node.expression);
      if (target) {
        this.valueDeclaration(target.name, target.value, target.name.text, qualify(scope, target.name.text), annotations, undefined, 'constant');
        return false;
      }
    }
    if (this.visitAll && ts.isCallExpression(node) && !this.handledCalls.has(node)) {
      const call = schemaCall(ts, this.sf, node);
      if (call) this.schemaTable(call, annotations);
      if (call && annotations.length === 0) return false;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isInterfaceDeclaration(node)) {
      this.typeDeclaration(node, annotations, scope);
    } else if (ts.isTypeAliasDeclaration(node)) {
      this.typeDeclaration(node, annotations, scope);
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) this.variable(d, node.declarationList.flags, annotations, scope);
    } else if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) {
      this.property(node, annotations, scope);
    } else if (annotations.length > 0) {
      this.applyGeneric(node, annotations, scope, frame.label);
    }
    return false;
  }

  // ───────────── annotations ─────────────

  private hasTagIn(from: number, to: number): boolean {
    return within(this.tagPositions, from, to);
  }

  /** The tags of the comments directly before a node, each comment read once (by the outermost node). */
  private takeAnnotations(node: TS.Node): Annotation[] {
    if (node.kind === this.ts.SyntaxKind.SourceFile || node.kind === this.ts.SyntaxKind.EndOfFileToken) return [];
    const start = node.getStart(this.sf);
    // Comments between a declaration's decorators or modifiers and its name are its own too
    // (`@Delete() /** @implements … */ async remove()`).
    const modifiers = this.ts.canHaveModifiers(node) || this.ts.canHaveDecorators(node) ? (node as { modifiers?: TS.NodeArray<TS.ModifierLike> }).modifiers : undefined;
    const within = (modifiers ?? []).flatMap((m) => [...(this.ts.getTrailingCommentRanges(this.text, m.end) ?? []), ...(this.ts.getLeadingCommentRanges(this.text, m.end) ?? [])]).filter((r) => this.hasTagIn(r.pos, r.end));
    if (!this.hasTagIn(node.pos, start) && within.length === 0) return [];
    // A comment on the same line as the previous token counts, for the compiler, as that token's
    // trailing comment; it is this node's when nothing but spaces separate it from the node
    // (`router.delete('/h', /** @implements … */ async () => …)`).
    const sameLine = (this.ts.getTrailingCommentRanges(this.text, node.pos) ?? []).filter((r) => !/[\r\n]/.test(this.text.slice(r.end, start)));
    const ranges = [...sameLine, ...(this.ts.getLeadingCommentRanges(this.text, node.pos) ?? []), ...within];
    const out: Annotation[] = [];
    for (const r of ranges) {
      if (this.consumedComments.has(r.pos) || !this.hasTagIn(r.pos, r.end)) continue;
      // A // comment carries a tag only when it starts with one; prose that mentions @category is prose.
      if (r.kind === this.ts.SyntaxKind.SingleLineCommentTrivia && !/^\/\/\s*@(?:category|retention|implements|policy-ignore)\b/i.test(this.text.slice(r.pos, r.end))) continue;
      const lineComment = r.kind === this.ts.SyntaxKind.SingleLineCommentTrivia ? this.lineComment(r, start) : 'reads';
      if (lineComment === 'code') continue;
      if (lineComment === 'detached') {
        this.consumedComments.add(r.pos);
        this.misplaced(this.locationAt(r.pos), 'this // comment is not read: a // comment carries tags only directly above a declaration (remove the blank line, or write /** … */)');
        continue;
      }
      this.consumedComments.add(r.pos);
      this.consumedRanges.push([r.pos, r.end]);
      const at = this.sf.getLineAndCharacterOfPosition(r.pos);
      out.push(...parseAnnotations(withoutJsDocHomonyms(this.text.slice(r.pos, r.end)), at.line + 1, at.character + 1));
    }
    return out;
  }

  /**
   * SPEC §3 names JSDoc, but people write `// @category debug-data` too; a line comment counts when
   * it sits directly above the declaration (no blank line between) and is not commented-out code
   * (a commented-out JSDoc above a live declaration would otherwise move its tag onto it).
   */
  private lineComment(r: TS.CommentRange, start: number): 'reads' | 'code' | 'detached' {
    const body = this.text.slice(r.pos + 2, r.end).trimStart();
    if (body.startsWith('/*') || body.startsWith('*')) return 'code';
    return /\n[ \t]*\r?\n/.test(this.text.slice(r.end, start)) ? 'detached' : 'reads';
  }

  private loc(line: number, column: number): Location {
    return { file: this.file, line, column };
  }

  private locationAt(pos: number): Location {
    const lc = this.sf.getLineAndCharacterOfPosition(pos);
    return { file: this.file, line: lc.line + 1, column: lc.character + 1 };
  }

  private nodeLocation(node: TS.Node): Location {
    return this.locationAt(node.getStart(this.sf));
  }

  private claims(annotations: Annotation[]): CategoryClaim[] {
    return categoryClaims(this.file, annotations);
  }

  private newStore(kind: string, symbol: string, node: TS.Node, categories: CategoryClaim[], extra: Partial<Store> = {}): Store {
    let id = `ts:${this.file}#${symbol}`;
    const seen = this.usedIds.get(id) ?? 0;
    this.usedIds.set(id, seen + 1);
    if (seen > 0) id = `${id}~${seen + 1}`;
    const store: Store = {
      id, kind, name: symbol, source: 'typescript', location: this.nodeLocation(node),
      categories, dataTypes: [], retention: [], retentionBearing: false, ...extra,
    };
    this.scan.stores.push(store);
    return store;
  }

  /** What every annotation does wherever it stands (annotation-claims.ts), with TypeScript's words for a misplaced tag. */
  private common(annotations: Annotation[], symbol: string, storeId: string | undefined, accepts: { category: boolean; retention: boolean }, target?: Omit<PendingTarget, 'index'>): void {
    recordAnnotations(this.scan, annotations, { symbol, storeId, accepts, wrongPlace: TS_WRONG_PLACE, target });
  }

  private misplaced(at: Location, message: string): void {
    this.scan.diagnostics.push({ code: 'annotation-error', message, location: at });
  }

  private applyGeneric(node: TS.Node, annotations: Annotation[], scope: string, label?: string): void {
    if (annotations.length === 0) return;
    const ts = this.ts;
    const symbol = this.symbolOf(node, scope, label);
    const isFunction = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node) || ts.isMethodSignature(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node);
    let storeId: string | undefined;
    const categories = this.claims(annotations);
    if (isFunction && categories.length > 0) {
      const kind = ts.isEnumDeclaration(node) ? 'type' : ts.isModuleDeclaration(node) ? 'namespace' : 'function';
      storeId = this.newStore(kind, symbol, nameNodeOf(ts, node) ?? node, categories).id;
    }
    this.common(annotations, symbol, storeId, { category: isFunction, retention: false }, this.referenceOf(node));
  }

  /**
   * What a tag on a reference names: `/** @implements … *\/ deleteHistory` (an argument),
   * `{ deleteHistory }`, `export { deleteHistory }`, `export { deleteHistory as handler } from '…'`.
   */
  private referenceOf(node: TS.Node): Omit<PendingTarget, 'index'> | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(node)) return { via: 'local', name: node.text };
    if (ts.isShorthandPropertyAssignment(node)) return { via: 'local', name: node.name.text };
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length === 1) {
      const el = node.exportClause.elements[0];
      return node.moduleSpecifier ? { via: 'export', name: el.name.text } : { via: 'local', name: (el.propertyName ?? el.name).text };
    }
    return undefined;
  }

  private symbolOf(node: TS.Node, scope: string, label?: string): string {
    const ts = this.ts;
    if (ts.isConstructorDeclaration(node)) return qualify(scope, 'constructor');
    const nameNode = nameNodeOf(ts, node);
    if (nameNode) {
      const name = propertyNameText(ts, nameNode as TS.PropertyName);
      if (name !== undefined) return qualify(scope, name);
    }
    if (label) return label;
    if (ts.isExpressionStatement(node)) {
      const e = node.expression;
      if (ts.isCallExpression(e)) return callLabel(ts, this.sf, e);
      if (ts.isBinaryExpression(e)) return clip(headText(this.sf, e.left));
    }
    const line = this.nodeLocation(node).line;
    return scope ? `${scope} (line ${line})` : `(anonymous, line ${line})`;
  }

  // ───────────── declarations ─────────────

  private typeDeclaration(node: TS.ClassDeclaration | TS.ClassExpression | TS.InterfaceDeclaration | TS.TypeAliasDeclaration, annotations: Annotation[], scope: string): void {
    const ts = this.ts;
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
      const memberAnnotations = this.hasTagIn(m.pos, m.end) ? this.takeAnnotations(m) : [];
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
      if (entity?.nameExpr) (this.scan.tableNames ??= []).push({ storeId: parent.id, expr: this.toExpr(entity.nameExpr), schema: entity.schema });
    }
    this.common(annotations, symbol, parent?.id, { category: true, retention: false });

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
      this.common(m.annotations, memberSymbol, storeId, { category: true, retention: false });
    }
  }

  private variable(d: TS.VariableDeclaration, flags: TS.NodeFlags, annotations: Annotation[], scope: string): void {
    const ts = this.ts;
    const name = ts.isIdentifier(d.name) ? d.name.text : d.name.getText(this.sf);
    const symbol = qualify(scope, name);
    const mutable = flags & ts.NodeFlags.Const ? undefined : flags & ts.NodeFlags.Let ? ('let' as const) : ('var' as const);
    const schema = d.initializer && this.visitAll ? schemaCalls(ts, this.sf, d.initializer) : [];
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

  private property(node: TS.PropertyAssignment | TS.PropertyDeclaration | TS.PropertySignature, annotations: Annotation[], scope: string): void {
    if (annotations.length === 0) return;
    const ts = this.ts;
    const name = propertyNameText(ts, node.name) ?? node.name.getText(this.sf);
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
  private valueDeclaration(nameNode: TS.Node, initializer: TS.Expression | undefined, name: string, symbol: string, annotations: Annotation[], mutable: 'let' | 'var' | undefined, kind: string): void {
    if (annotations.length === 0) return;
    const ts = this.ts;
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
        .map((r) => ({ id: r.id, via: 'annotation', location: this.loc(r.line, r.column) }));
      store = this.newStore(retentions.length > 0 ? 'constant' : kind, symbol, nameNode, uniqueClaims([...categories, ...retentionClaims]), {
        // The classifier reads the names of data-holding values, not of retention settings.
        ...(retentions.length === 0 ? { identifier: name } : {}),
      });
      for (const r of retentions) {
        this.scan.retention.push({
          storeId: store.id, name: symbol, bound: r.bound, category: r.id, location: this.nodeLocation(nameNode),
          expr: initializer ? this.toExpr(initializer) : { k: 'unknown', why: `${symbol} has no value` },
          ...(mutable ? { mutable } : {}),
          ...(r.unit ? { unit: r.unit } : {}),
        });
      }
    }
    const reference = initializer && this.ts.isIdentifier(initializer) ? { via: 'local' as const, name: initializer.text } : undefined;
    this.common(annotations, symbol, store?.id, { category: true, retention: true }, reference);
  }

  private drizzleTable(d: TS.VariableDeclaration, table: { name?: string; columns?: TS.ObjectLiteralExpression }, annotations: Annotation[], symbol: string): void {
    const ts = this.ts;
    const own = this.claims(annotations);
    // pgTable('messages', …), sqliteTable, mysqlTable map the table drizzle-kit's SQL migrations create (and a user may
    // annotate there); the SQL source reads each dialect's tables into the default schema
    const sqlTable = table.name ? { parent: `sql:table:public.${table.name}` } : {};
    const parent = this.newStore('table', symbol, d.name, own, { details: { orm: 'drizzle', table: table.name ?? symbol }, ...sqlTable });
    this.common(annotations, symbol, parent.id, { category: true, retention: false });
    for (const p of table.columns?.properties ?? []) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const key = propertyNameText(ts, p.name);
      if (key === undefined) continue;
      const memberAnnotations = this.hasTagIn(p.pos, p.end) ? this.takeAnnotations(p) : [];
      const builder = ts.isPropertyAssignment(p) ? drizzleColumn(ts, p.initializer) : undefined;
      const ownClaims = this.claims(memberAnnotations);
      const categories = ownClaims.length > 0 ? ownClaims : own.map((c) => ({ ...c, via: 'inherited' as const }));
      const column = builder?.column ?? key;
      const store = this.newStore('property', `${symbol}.${key}`, p.name, categories, {
        parent: parent.id, identifier: column, details: { column },
        ...(builder?.type ? { sqlType: builder.type.toLowerCase() } : {}),
      });
      this.common(memberAnnotations, `${symbol}.${key}`, store.id, { category: true, retention: false });
    }
  }

  /**
   * A table defined in code — `knex.schema.createTable('messages', (t) => { t.string('phone_number') })`
   * in a migration, `sequelize.define('Contact', { email: DataTypes.STRING })`, `User.init({…}, { sequelize })` —
   * is a table store with a store per column, like a CREATE TABLE in SQL. Tags above the statement
   * are the table's; tags above a column's line or property are the column's.
   */
  private schemaTable(call: SchemaCall, annotations: Annotation[]): void {
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
    this.common(annotations, symbol, parent.id, { category: true, retention: false });
    for (const col of call.columns) {
      const memberAnnotations = this.hasTagIn(col.node.pos, col.node.end) ? this.takeAnnotations(col.node) : [];
      const ownClaims = this.claims(memberAnnotations);
      const categories = ownClaims.length > 0 ? ownClaims : own.map((c) => ({ ...c, via: 'inherited' as const }));
      const memberSymbol = `${symbol}.${col.key}`;
      const store = this.newStore('property', memberSymbol, col.nameNode, categories, {
        parent: parent.id, identifier: col.column, details: { column: col.column },
        ...(col.sqlType ? { sqlType: col.sqlType } : {}),
      });
      this.common(memberAnnotations, memberSymbol, store.id, { category: true, retention: false });
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
    this.scan.stores.push({
      id, kind: 'table', name: key, source: 'typescript', location: this.nodeLocation(call.nameNode),
      categories: own, dataTypes: [], retention: [], retentionBearing: !call.alters, details,
    });
    this.common(annotations, key, id, { category: true, retention: false });
    for (const col of call.columns) {
      const memberAnnotations = this.hasTagIn(col.node.pos, col.node.end) ? this.takeAnnotations(col.node) : [];
      const columnId = `sql:column:${key}.${col.column}`;
      this.scan.stores.push({
        id: columnId, kind: 'column', name: `${key}.${col.column}`, source: 'typescript', location: this.nodeLocation(col.nameNode),
        parent: id, identifier: col.column, ...(col.sqlType ? { sqlType: col.sqlType } : {}),
        categories: this.claims(memberAnnotations), dataTypes: [], retention: [], retentionBearing: false,
      });
      this.common(memberAnnotations, `${key}.${col.column}`, columnId, { category: true, retention: false });
    }
  }

  // ───────────── SQL in literals ─────────────

  private sqlLiteral(node: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral | TS.TemplateExpression, trusted: boolean, tagged = false): void {
    const ts = this.ts;
    let text: string;
    let template: { parts: string[]; exprs: Expr[] } | undefined;
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      text = fillPlaceholders(parts);
      // A tagged template sends its values as bind parameters; a plain one pastes them into the text.
      if (!tagged) template = { parts, exprs: node.templateSpans.map((s) => this.toExpr(s.expression)) };
    } else {
      text = node.text;
    }
    if (!looksLikeSql(text)) return;
    const at = this.locationAt(node.getStart(this.sf) + 1);
    this.scan.sql.push({ text, line: at.line, column: at.column, trusted, ...(template ? { template } : {}) });
  }
}

const BINARY: Record<number, BinaryOperator> = {};

/** Fills the operator table once the compiler's SyntaxKind numbers are known. */
export function prepareOperators(ts: TypeScriptApi): void {
  if (BINARY[ts.SyntaxKind.PlusToken]) return;
  BINARY[ts.SyntaxKind.PlusToken] = '+';
  BINARY[ts.SyntaxKind.MinusToken] = '-';
  BINARY[ts.SyntaxKind.AsteriskToken] = '*';
  BINARY[ts.SyntaxKind.SlashToken] = '/';
  BINARY[ts.SyntaxKind.PercentToken] = '%';
  BINARY[ts.SyntaxKind.AsteriskAsteriskToken] = '**';
}

/**
 * JSDoc and TypeDoc have tags of the same names with other meanings: `@implements {Shape}` or
 * `@implements EventListener` (a class implements an interface: a capitalised type name) and TypeDoc's `@category Data Fetching` (a heading in the generated docs,
 * a capitalised title). They are blanked out (same length, so positions stay right) rather than
 * reported as malformed policy tags. A capitalised value with a "-", "_" or "," (`@category Traffic-data`)
 * is a policy id mistyped and stays, to be reported.
 */
export function withoutJsDocHomonyms(comment: string): string {
  return shortLines(comment)
    // (patterns with no two overlapping repetitions: a long run of spaces cannot make them backtrack)
    // (a PHP type may be namespaced and its generics spaced: `@implements \ArrayAccess<string, mixed>`)
    .replace(/@implements(?=[ \t]*\{|[ \t]+\\?[A-Z][\w$.<>\\|?[\]]*(?:,[ ]*[\w$.<>\\|?[\]]+)*[ \t]*(?:\*\/[ \t]*)?(?:\r?\n|$))/g, (m) => ' '.repeat(m.length))
    .replace(/@category(?=[ \t]+[A-Z][^\n,_-]*(?:\n|$))/g, (m) => ' '.repeat(m.length));
}

/** Longest comment line handed to the tag parser: no tag sits thousands of characters into a line. */
const MAX_COMMENT_LINE = 2000;

/**
 * Cuts comment lines longer than MAX_COMMENT_LINE (lines and the columns of other lines stay as
 * they are): the tag parser's clean-up of a tag's value takes time quadratic in the length of its
 * line when that line is a long run of spaces.
 */
function shortLines(comment: string): string {
  if (comment.length <= MAX_COMMENT_LINE) return comment;
  return comment.replace(/[^\n]{2001,}/g, (line) => line.slice(0, MAX_COMMENT_LINE));
}

/** Does the sorted list hold an offset in [from, to)? */
function within(sorted: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < to;
}

function qualify(scope: string, name: string): string {
  return scope ? `${scope}.${name}` : name;
}

/**
 * The first characters of a node's text, for a label: a bounded slice, because labels are taken for
 * nested nodes (every link of a long call chain) and their whole text would be read again at each.
 */
function uniqueClaims(list: CategoryClaim[]): CategoryClaim[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function hasModifier(ts: TypeScriptApi, node: TS.Node, kind: TS.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return mods?.some((m) => m.kind === kind) ?? false;
}

function nameNodeOf(ts: TypeScriptApi, node: TS.Node): TS.Node | undefined {
  const n = (node as { name?: TS.Node }).name;
  if (n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n) || ts.isNumericLiteral(n))) return n;
  if (ts.isVariableStatement(node)) return node.declarationList.declarations[0]?.name;
  return undefined;
}

function isSqlCall(ts: TypeScriptApi, node: TS.CallExpression): boolean {
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  return SQL_METHODS.has(name);
}

function callLabel(ts: TypeScriptApi, sf: TS.SourceFile, node: TS.CallExpression): string {
  const first = node.arguments[0];
  const arg = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? `'${first.text}'` : '';
  return `${clip(headText(sf, node.expression))}(${clip(arg, 40)})`;
}

/** `exports.NAME = value`, `module.exports.NAME = value` */
function commonJsExport(ts: TypeScriptApi, e: TS.Expression): { name: TS.Identifier; value: TS.Expression } | undefined {
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(e.left) || !ts.isIdentifier(e.left.name)) return undefined;
  const base = e.left.expression;
  const isExports = (ts.isIdentifier(base) && base.text === 'exports')
    || (ts.isPropertyAccessExpression(base) && base.name.text === 'exports' && ts.isIdentifier(base.expression) && base.expression.text === 'module');
  return isExports ? { name: e.left.name, value: e.right } : undefined;
}

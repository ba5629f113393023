/**
 * The TypeScript source's reader of one file: whether a file needs a parse at all, then one walk of
 * its syntax tree into the subtrees that hold a tag, SQL or an ORM table. What the walk meets goes to
 * its reader: declarations.ts (stores), comment-tags.ts (tags), expression.ts and module-table.ts
 * (constants), and the SQL in string literals is kept here.
 */
import type { ts as TS } from 'ts-morph';
import type { Annotation } from '../../core/annotations.js';
import { TAG_IN_TEXT, CommentTags } from './comment-tags.js';
import { Declarations, callLabel } from './declarations.js';
import { ExpressionReader, prepareOperators } from './expression.js';
import { locationAt, qualify, within, type FileContext } from './file-context.js';
import type { TypeScriptApi } from './load-ts.js';
import type { Expr, FileScan } from './model.js';
import { readModule } from './module-table.js';
import { schemaCall, schemaCalls, propertyNameText } from './orm-tables.js';
import { looksLikeSql, mayHoldSql, sqlOffsets, SQL_METHODS, SQL_TAGS, fillPlaceholders } from './sql-text.js';

export { MAX_EXPRESSION_DEPTH, prepareOperators } from './expression.js';
export { withoutJsDocHomonyms } from './comment-tags.js';

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
    new FileReader({ ts, sf, file, text, scan }, options.module === 'always' || /@retention\b/i.test(text)).read();
  } catch (e) {
    // A pathological tree must not stop the scan of the other files.
    const why = e instanceof RangeError ? 'the code is nested too deeply to read' : `internal error while reading: ${(e as Error).message}`;
    scan.diagnostics.push({ code: 'parse-error', message: why, location: { file, line: 1, column: 1 } });
  }
  return scan;
}

class FileReader {
  private readonly sqlInFile: boolean;
  /** SQL or ORM tables in the file: the nodes around `hot` are visited, not only those near a tag */
  private readonly visitAll: boolean;
  /** sorted offsets of SQL statement keywords and ORM table definitions in the text */
  private readonly hot: number[] = [];
  /** templates already read through their tag */
  private readonly handledLiterals = new Set<TS.Node>();
  private readonly tags: CommentTags;
  private readonly exprs: ExpressionReader;
  private readonly decls: Declarations;

  constructor(private readonly cx: FileContext, private readonly withModule: boolean) {
    const { text } = cx;
    this.tags = new CommentTags(cx);
    this.sqlInFile = mayHoldSql(text);
    this.visitAll = this.sqlInFile || ormInText(text);
    if (this.visitAll) {
      if (this.sqlInFile) this.hot.push(...sqlOffsets(text));
      ORM_ANYWHERE.lastIndex = 0;
      for (const m of text.matchAll(ORM_ANYWHERE)) this.hot.push(m.index);
      this.hot.sort((a, b) => a - b);
    }
    this.exprs = new ExpressionReader(cx);
    this.decls = new Declarations(cx, this.tags, this.exprs, this.visitAll);
  }

  read(): void {
    this.reportParseErrors();
    // Other files' constants need this file's module table only when they import from it, which the
    // resolver finds out later (and then reads the file again); a file with its own @retention needs it now.
    if (this.withModule) readModule(this.cx, this.exprs);
    if (this.tags.positions.length === 0 && !this.visitAll) return;
    this.walk();
    this.tags.trailingSuppressions();
    // A template literal of SQL pastes its values (`${TABLE}`): they are evaluated against this file's
    // constants and imports, so the table is read now rather than by a second parse of the file later.
    // An @implements on a reference to a function is followed through this file's imports the same way.
    const { scan } = this.cx;
    if (!scan.moduleRead && (scan.implementsTargets || scan.sql.some((q) => q.template?.exprs.some((e) => e.k !== 'num' && e.k !== 'str' && e.k !== 'unknown')))) {
      readModule(this.cx, this.exprs);
    }
  }

  private reportParseErrors(): void {
    const errors = (this.cx.sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    if (errors.length === 0) return;
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    this.cx.scan.diagnostics.push({
      code: 'parse-error',
      message: `syntax error: ${this.cx.ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}; the rest of the file was read as far as the parser recovered`,
      location: locationAt(this.cx, first.start ?? 0),
    });
  }

  // ───────────── the walk ─────────────

  private walk(): void {
    const { ts } = this.cx;
    const stack: Frame[] = [{ node: this.cx.sf, scope: '', tags: this.tags.positions.length > 0 }];
    while (stack.length > 0) {
      const frame = stack.pop() as Frame;
      const { node } = frame;
      const annotations = frame.tags ? this.tags.takeAnnotations(node) : [];
      const skipChildren = this.visit(frame, annotations);
      if (skipChildren) continue;
      const children: Frame[] = [];
      const childScope = this.childScope(node, frame.scope);
      const trustedArgs = ts.isCallExpression(node) && isSqlCall(ts, node) ? node.arguments[0] : undefined;
      let argLabel: string | undefined;
      const labelFor = (child: TS.Node) => {
        if (!ts.isCallExpression(node) || !(ts.isArrowFunction(child) || ts.isFunctionExpression(child))) return undefined;
        return (argLabel ??= callLabel(ts, this.cx.sf, node));
      };
      ts.forEachChild(node, (child) => {
        const tags = frame.tags && this.tags.hasTagIn(child.pos, child.end);
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
    const { ts } = this.cx;
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
    const { ts, sf } = this.cx;
    const { node, scope } = frame;
    if (this.sqlInFile) {
      if (ts.isTaggedTemplateExpression(node)) {
        const tag = node.tag;
        const tagName = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) ? tag.name.text : '';
        this.sqlLiteral(node.template, SQL_TAGS.has(tagName), true);
        this.handledLiterals.add(node.template);
        this.decls.applyGeneric(node, annotations, scope, frame.label);
        return !frame.tags;
      }
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && !this.handledLiterals.has(node)) {
        this.sqlLiteral(node, frame.trusted === true);
      }
    }
    if (this.visitAll && (ts.isExpressionStatement(node) || ts.isReturnStatement(node)) && node.expression) {
      // `await knex.schema.createTable(…)` with its JSDoc above the statement: the tags are the table's.
      const calls = schemaCalls(ts, sf, node.expression);
      if (calls.length > 0) {
        calls.forEach((c, i) => this.decls.schemaTable(c, i === 0 ? annotations : []));
        return false;
      }
    }
    if (annotations.length > 0 && ts.isExpressionStatement(node)) {
      // CommonJS: `/** @retention traffic-data.max */ exports.TRAFFIC_DAYS = 60;` is a constant like `export const`.
      const target = commonJsExport(ts, node.expression);
      if (target) {
        this.decls.valueDeclaration(target.name, target.value, target.name.text, qualify(scope, target.name.text), annotations, undefined, 'constant');
        return false;
      }
    }
    if (this.visitAll && ts.isCallExpression(node) && !this.decls.handledCalls.has(node)) {
      const call = schemaCall(ts, sf, node);
      if (call) this.decls.schemaTable(call, annotations);
      if (call && annotations.length === 0) return false;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isInterfaceDeclaration(node)) {
      this.decls.typeDeclaration(node, annotations, scope);
    } else if (ts.isTypeAliasDeclaration(node)) {
      this.decls.typeDeclaration(node, annotations, scope);
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) this.decls.variable(d, node.declarationList.flags, annotations, scope);
    } else if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) {
      this.decls.property(node, annotations, scope);
    } else if (annotations.length > 0) {
      this.decls.applyGeneric(node, annotations, scope, frame.label);
    }
    return false;
  }

  // ───────────── SQL in literals ─────────────

  private sqlLiteral(node: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral | TS.TemplateExpression, trusted: boolean, tagged = false): void {
    const { ts, sf } = this.cx;
    let text: string;
    let template: { parts: string[]; exprs: Expr[] } | undefined;
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      text = fillPlaceholders(parts);
      // A tagged template sends its values as bind parameters; a plain one pastes them into the text.
      if (!tagged) template = { parts, exprs: node.templateSpans.map((s) => this.exprs.toExpr(s.expression)) };
    } else {
      text = node.text;
    }
    if (!looksLikeSql(text)) return;
    const at = locationAt(this.cx, node.getStart(sf) + 1);
    this.cx.scan.sql.push({ text, line: at.line, column: at.column, trusted, ...(template ? { template } : {}) });
  }
}

function isSqlCall(ts: TypeScriptApi, node: TS.CallExpression): boolean {
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  return SQL_METHODS.has(name);
}

/** `exports.NAME = value`, `module.exports.NAME = value` */
function commonJsExport(ts: TypeScriptApi, e: TS.Expression): { name: TS.Identifier; value: TS.Expression } | undefined {
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(e.left) || !ts.isIdentifier(e.left.name)) return undefined;
  const base = e.left.expression;
  const isExports = (ts.isIdentifier(base) && base.text === 'exports')
    || (ts.isPropertyAccessExpression(base) && base.name.text === 'exports' && ts.isIdentifier(base.expression) && base.expression.text === 'module');
  return isExports ? { name: e.left.name, value: e.right } : undefined;
}

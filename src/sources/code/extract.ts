import type { Node } from 'web-tree-sitter';
import { parseAnnotations, type Annotation } from '../../core/annotations.js';
import type { CategoryClaim, Location, Store } from '../../core/types.js';
import type { Expr, FileScan } from '../typescript/model.js';
import { withoutJsDocHomonyms } from '../typescript/extract.js';
import { fillPlaceholders, looksLikeSql, MAX_SQL_LITERAL, mayHoldSql } from '../typescript/sql-text.js';
import { changeable, DOWN_NAME, type Declaration, type FileIndex, type LanguageModule, type Model, type StringText } from './model.js';
import { categoryClaims, recordAnnotations } from '../typescript/annotation-claims.js';

const CODE_WRONG_PLACE = {
  category: '@category belongs on a declaration: a class, field, constant, variable or function',
  retention: '@retention belongs on a constant with a value',
};

/**
 * One file's syntax tree → what the TypeScript source gets from one file (FileScan): stores,
 * annotations, `@retention` constants still to evaluate, its module table and SQL snippets.
 * Language-neutral: the language module says which nodes are comments, declarations and models.
 */
/** Could this text hold a tag? Generous on case and on look-alike at-signs: the annotation parser decides. */
export const TAG_IN_TEXT = /[@＠﹫](?:category|retention|implements|policy-ignore)\b/i;
const LINE_TAG = /^(?:\/\/+!?|#+|--|')\s*[@＠﹫](?:category|retention|implements|policy-ignore)\b/i;
/** Tags found in one file beyond this are not read (a generated file repeating a tag is not hand-written). */
const MAX_TAGGED_COMMENTS = 5000;
/** `<%= @table_name %>`, `<% attributes.each do |a| -%>`: an ERB (or Mako) template's tag. */
const ERB_TAG = /<%[=#-]?\s[^\n]{0,400}?%>/;
/** Where a source file may be a code generator's template (a Rails generator's templates/migration.rb, x.rb.erb, x.tt). */
const TEMPLATE_PATH = /(?:^|\/)templates?\/|\.(?:erb|tt|mako)$/i;
/** Where a file may be a migration, whose backward direction never runs (alembic/versions/, db/migrate/, Migrations/). */
const MIGRATION_FILE = /(?:^|\/)(?:migrations?|migrate|alembic|versions)\/|migration/i;

export function emptyScan(file: string): FileScan {
  return {
    file, stores: [], implementations: [], suppressions: [], diagnostics: [], references: [], retention: [],
    module: { consts: [], imports: [], exports: [], reexports: [] }, moduleRead: false, sql: [],
  };
}

interface Target {
  node: Node;
  annotations: Annotation[];
}

export function extractTree(lang: LanguageModule, root: Node, file: string, text: string, files: FileIndex, withModule: boolean, tables: ReadonlyMap<string, string> = new Map()): FileScan {
  const scan = emptyScan(file);
  const reader = new CodeReader(lang, file, text, scan);
  reader.syntaxErrors(root);
  if (withModule || text.includes('@retention')) {
    scan.module = lang.module(root, file, files);
    scan.moduleRead = true;
  }
  const sqlInFile = mayHoldSql(text);
  const tagsInFile = TAG_IN_TEXT.test(text);
  const modelsInFile = lang.modelMarkers.test(text) || tables.size > 0;
  if (!sqlInFile && !tagsInFile && !modelsInFile) return scan;
  const { comments, strings } = reader.collect(root, tagsInFile, sqlInFile);
  const targets = reader.targets(comments);
  if (modelsInFile && lang.models) for (const m of lang.models(root, file, tables)) reader.model(m, targets);
  for (const t of targets.values()) reader.declaration(t);
  const seen = new Set<number>();
  for (const s of strings) {
    // `"DELETE FROM calls " + "WHERE …"`: the whole concatenation is one statement
    const whole = lang.formatted?.(s)?.node ?? (lang.concatenation ? concatenationOf(s, lang.concatenation) : s);
    if (seen.has(whole.id)) continue;
    seen.add(whole.id);
    reader.sqlString(whole);
  }
  return scan;
}

class CodeReader {
  private readonly usedIds = new Map<string, number>();

  constructor(
    private readonly lang: LanguageModule,
    private readonly file: string,
    private readonly text: string,
    private readonly scan: FileScan,
  ) {}

  private loc(node: Node): Location {
    return { file: this.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  }

  syntaxErrors(root: Node): void {
    if (!root.hasError) return;
    // An ERB or Mako template of a source file (a Rails generator's templates/migration.rb) is code only
    // once rendered: its errors are the template's tags, nothing to fix.
    if (TEMPLATE_PATH.test(this.file) && ERB_TAG.test(this.text)) return;
    // The first ERROR or MISSING node, found without recursion (deeply nested code must not overflow the stack).
    let n: Node | null = root;
    let guard = 0;
    while (n && guard++ < 100_000) {
      if (n.isError || n.isMissing) break;
      let next: Node | null = null;
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i);
        if (c && (c.hasError || c.isError || c.isMissing)) {
          next = c;
          break;
        }
      }
      if (!next) break;
      n = next;
    }
    const at = n ?? root;
    this.scan.diagnostics.push({
      code: 'parse-error',
      message: `${this.lang.label} syntax error${at.isMissing ? ` (missing ${at.type})` : ''}; the rest of the file was read as far as the parser recovered`,
      location: this.loc(at),
    });
  }

  /** Tagged comments (and docstrings) and outermost string literals, in one iterative walk. */
  collect(root: Node, tags: boolean, sql: boolean): { comments: Node[]; strings: Node[] } {
    const comments: Node[] = [];
    const strings: Node[] = [];
    const cursor = root.walk();
    let descend = true;
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        descend = true;
      } else if (cursor.gotoNextSibling()) {
        descend = true;
      } else {
        let up = false;
        while (cursor.gotoParent()) {
          if (cursor.gotoNextSibling()) {
            up = true;
            break;
          }
        }
        if (!up) break;
        descend = true;
      }
      const type = cursor.nodeType;
      if (tags && this.lang.comments.has(type)) {
        const node = cursor.currentNode;
        if (TAG_IN_TEXT.test(node.text) && comments.length < MAX_TAGGED_COMMENTS) comments.push(node);
        descend = false;
      } else if (this.lang.strings.has(type)) {
        const node = cursor.currentNode;
        if (tags && this.lang.docstringOwner && TAG_IN_TEXT.test(node.text) && this.lang.docstringOwner(node)) comments.push(node);
        else if (sql) strings.push(node);
        descend = false;
      }
    }
    cursor.delete();
    return { comments, strings };
  }

  /** Each tagged comment's annotations, grouped by the declaration it precedes (or, trailing, follows). */
  targets(comments: Node[]): Map<number, Target> {
    const out = new Map<number, Target>();
    for (const c of comments) {
      const raw = c.text;
      const docOwner = this.lang.docstringOwner?.(c);
      const isLine = !docOwner && !/^\/\*/.test(raw) && !/^=begin/.test(raw);
      if (isLine && !LINE_TAG.test(raw.trimStart())) continue; // prose that mentions a tag is prose
      // PHPDoc's and Javadoc's `@implements Repository<T>` name a type, not a promise.
      const text = withoutJsDocHomonyms(this.lang.commentText ? this.lang.commentText(raw) : raw);
      const annotations = parseAnnotations(text, c.startPosition.row + 1, c.startPosition.column + 1);
      if (annotations.length === 0) continue;
      let target: Node | undefined = docOwner;
      if (!target) {
        const prev = c.previousNamedSibling;
        if (prev && prev.endPosition.row === c.startPosition.row && !this.lang.comments.has(prev.type)) {
          target = prev; // `phone = models.CharField()  # @category traffic-data`
        } else {
          let next = c.nextNamedSibling;
          while (next && this.lang.comments.has(next.type)) next = next.nextNamedSibling;
          if (!next) {
            this.misplacedAll(annotations, 'the tag stands above no declaration (write it directly above the constant, function, class or field it describes)');
            continue;
          }
          if (isLine && /\n[ \t]*\r?\n/.test(this.text.slice(c.endIndex, next.startIndex))) {
            this.misplacedAll(annotations, 'this comment is not read: a tag comment belongs directly above its declaration (remove the blank line)');
            continue;
          }
          target = next;
        }
      }
      target = this.lang.unwrap ? this.lang.unwrap(target) : target;
      const t = out.get(target.id);
      if (t) t.annotations.push(...annotations);
      else out.set(target.id, { node: target, annotations });
    }
    return out;
  }

  private misplacedAll(annotations: Annotation[], message: string): void {
    for (const a of annotations) {
      const at = { file: this.file, line: a.line, column: a.column };
      if (a.tag === 'policy-ignore') {
        this.scan.suppressions.push({ rule: a.rule, reason: a.reason, until: a.until, location: at });
        continue;
      }
      this.common([a], '', undefined, { category: true, retention: true });
      if (a.tag !== 'invalid') this.scan.diagnostics.push({ code: 'annotation-error', message, location: at });
    }
  }

  private claims(annotations: Annotation[]): CategoryClaim[] {
    return categoryClaims(this.file, annotations);
  }

  private newStore(kind: string, symbol: string, node: Node, categories: CategoryClaim[], extra: Partial<Store> = {}): Store {
    let id = `code:${this.file}#${symbol}`;
    const seen = this.usedIds.get(id) ?? 0;
    this.usedIds.set(id, seen + 1);
    if (seen > 0) id = `${id}~${seen + 1}`;
    const store: Store = { id, kind, name: symbol, source: 'code', location: this.loc(node), categories, dataTypes: [], retention: [], retentionBearing: false, ...extra };
    this.scan.stores.push(store);
    return store;
  }

  /** What every annotation does wherever it stands (annotation-claims.ts), in the code source's words for a misplaced tag. */
  private common(annotations: Annotation[], symbol: string, storeId: string | undefined, accepts: { category: boolean; retention: boolean }): void {
    recordAnnotations(this.scan, annotations, { symbol, storeId, accepts, wrongPlace: CODE_WRONG_PLACE });
  }

  private scopeOf(node: Node): string {
    const names: string[] = [];
    for (let p = node.parent; p; p = p.parent) {
      const name = this.lang.scopeName(p);
      if (name) names.unshift(name);
    }
    return names.join('.');
  }

  /**
   * An ORM model or a table created by a migration: a table store with a store per column; tags
   * above the class (or the migration call) are the table's, tags above a field are the column's.
   */
  model(m: Model, targets: Map<number, Target>): void {
    const take = (node: Node): Annotation[] => {
      const t = targets.get(node.id);
      if (!t) return [];
      targets.delete(node.id);
      return t.annotations;
    };
    const annotations = take(m.node);
    const own = this.claims(annotations);
    const details = { orm: m.orm, table: m.table };
    if (m.creates || m.adds) {
      const id = `sql:table:${m.table}`;
      if (m.creates) {
        this.scan.stores.push({ id, kind: 'table', name: m.table, source: 'code', location: this.loc(m.nameNode), categories: own, dataTypes: [], retention: [], retentionBearing: true, details });
        this.common(annotations, m.table, id, { category: true, retention: false });
      } else this.common(annotations, m.table, undefined, { category: false, retention: false });
      for (const col of m.columns) {
        const colAnnotations = take(col.node);
        const columnId = `sql:column:${m.table}.${col.column}`;
        this.scan.stores.push({
          id: columnId, kind: 'column', name: `${m.table}.${col.column}`, source: 'code', location: this.loc(col.nameNode), parent: id,
          identifier: col.column, ...(col.sqlType ? { sqlType: col.sqlType } : {}), categories: this.claims(colAnnotations), dataTypes: [], retention: [], retentionBearing: false,
        });
        this.common(colAnnotations, `${m.table}.${col.column}`, columnId, { category: true, retention: false });
      }
      return;
    }
    // The class maps a table that SQL migrations may define (and annotate): with that table as its
    // parent, a model with no @category of its own takes the SQL table's category.
    const parent = this.newStore('table', m.symbol, m.nameNode, own, { details, parent: `sql:table:${m.table}` });
    this.common(annotations, m.symbol, parent.id, { category: true, retention: false });
    for (const col of m.columns) {
      const colAnnotations = take(col.node);
      const ownClaims = this.claims(colAnnotations);
      const symbol = `${m.symbol}.${col.key}`;
      const store = this.newStore('property', symbol, col.nameNode, ownClaims.length > 0 ? ownClaims : own.map((c) => ({ ...c, via: 'inherited' as const })), {
        parent: parent.id, identifier: col.column, details: { column: col.column }, ...(col.sqlType ? { sqlType: col.sqlType } : {}),
      });
      this.common(colAnnotations, symbol, store.id, { category: true, retention: false });
    }
  }

  /** Tags on a declaration that is not a model: a function's promise, a constant's retention, a field's category. */
  declaration(t: Target): void {
    const decl: Declaration | undefined = this.lang.declaration(t.node);
    const scope = this.scopeOf(t.node);
    if (!decl) {
      const line = t.node.startPosition.row + 1;
      this.common(t.annotations, scope ? `${scope} (line ${line})` : `(line ${line})`, undefined, { category: false, retention: false });
      return;
    }
    const symbol = scope ? `${scope}.${decl.name}` : decl.name;
    const categories = this.claims(t.annotations);
    if (decl.kind === 'function' || decl.kind === 'class') {
      const storeId = categories.length > 0 ? this.newStore(decl.kind, symbol, decl.nameNode, categories).id : undefined;
      this.common(t.annotations, symbol, storeId, { category: true, retention: false });
      return;
    }
    const retentions = t.annotations.filter((a): a is Extract<Annotation, { tag: 'retention' }> => a.tag === 'retention');
    let store: Store | undefined;
    if (categories.length > 0 || retentions.length > 0) {
      const retentionClaims: CategoryClaim[] = retentions
        .filter((r) => !categories.some((c) => c.id === r.id))
        .map((r) => ({ id: r.id, via: 'annotation', location: { file: this.file, line: r.line, column: r.column } }));
      store = this.newStore(retentions.length > 0 ? 'constant' : decl.kind, symbol, decl.nameNode, [...categories, ...retentionClaims], retentions.length === 0 ? { identifier: decl.name } : {});
      for (const r of retentions) {
        const value: Expr = decl.value ? this.lang.expr(decl.value, 0) : { k: 'unknown', why: `${decl.name} has no value` };
        this.scan.retention.push({
          storeId: store.id, name: decl.name, bound: r.bound, category: r.id, location: this.loc(decl.nameNode),
          expr: decl.mutable ? changeable(decl.name, decl.mutable, value) : value,
          ...(r.unit ? { unit: r.unit } : {}),
        });
      }
    }
    this.common(t.annotations, symbol, store?.id, { category: true, retention: true });
  }

  /** A string literal that reads like a statement that defines, deletes or schedules: handed to the SQL source later. */
  sqlString(node: Node): void {
    const format = this.lang.strings.has(node.type) ? undefined : this.lang.formatted?.(node.descendantsOfType([...this.lang.strings])[0] ?? node);
    const s = format?.node.id === node.id ? format.text : this.lang.strings.has(node.type) ? this.lang.stringText(node) : this.concatenatedText(node);
    if (!s) return;
    const text = s.template ? fillPlaceholders(s.template.parts) : s.text;
    if (!looksLikeSql(text)) return;
    if (this.inDownDirection(node)) return;
    let trusted = false;
    for (let p = node.parent, i = 0; p && i < 4; p = p.parent, i++) {
      if (this.lang.calls.has(p.type)) {
        trusted = this.lang.sqlCall(p);
        break;
      }
    }
    const template = s.template ? { parts: s.template.parts, exprs: s.template.exprs.map((e) => this.lang.expr(e, 0)) } : undefined;
    // The SQL text starts after the opening quote; an unbalanced start lands on the literal itself.
    const open = /^[A-Za-z@$]*("""|'''|"|'|`|<<<['"]?\w+['"]?\r?\n)/.exec(node.text)?.[0].length ?? 0;
    const before = node.text.slice(0, open);
    const nl = before.lastIndexOf('\n');
    const line = node.startPosition.row + 1 + (before.match(/\n/g)?.length ?? 0);
    const column = nl === -1 ? node.startPosition.column + 1 + open : open - nl;
    this.scan.sql.push({ text, line, column, trusted, ...(template ? { template } : {}) });
  }

  /** Is this string inside the backward direction of a migration? */
  private inDownDirection(node: Node): boolean {
    if (!MIGRATION_FILE.test(this.file)) return false;
    for (let p = node.parent; p; p = p.parent) {
      if (this.lang.downDirection?.(p)) return true;
      const d = this.lang.declaration(p);
      if (d && (d.kind === 'function' || d.kind === 'constant') && DOWN_NAME.test(d.name.slice(d.name.lastIndexOf('.') + 1))) return true;
    }
    return false;
  }

  /** The literal parts of a concatenation, and the values between them, left to right. */
  private concatenatedText(top: Node): StringText | undefined {
    const parts: string[] = [''];
    const exprs: Node[] = [];
    const stack: Node[] = [top];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.id === top.id || (this.lang.concatenation?.types.has(n.type) && isConcatenation(n, this.lang.concatenation))) {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        if (!l || !r) return undefined;
        stack.push(r, l);
        continue;
      }
      const s = this.lang.strings.has(n.type) ? this.lang.stringText(n) : undefined;
      if (s?.template) {
        parts[parts.length - 1] += s.template.parts[0];
        for (let i = 0; i < s.template.exprs.length; i++) {
          exprs.push(s.template.exprs[i]);
          parts.push(s.template.parts[i + 1] ?? '');
        }
      } else if (s) {
        parts[parts.length - 1] += s.text;
      } else {
        exprs.push(n);
        parts.push('');
      }
      if (parts.reduce((a, p) => a + p.length, 0) > MAX_SQL_LITERAL) return undefined;
    }
    return exprs.length > 0 ? { text: parts.join(''), template: { parts, exprs } } : { text: parts[0] };
  }
}

function isConcatenation(node: Node, c: NonNullable<LanguageModule['concatenation']>): boolean {
  return c.operators.has(node.childForFieldName('operator')?.text ?? '');
}

/** The outermost concatenation a string literal is part of, or the literal itself. */
function concatenationOf(node: Node, c: NonNullable<LanguageModule['concatenation']>): Node {
  let top = node;
  for (let p = node.parent, i = 0; p && i < 1000 && c.types.has(p.type) && isConcatenation(p, c); p = p.parent, i++) top = p;
  return top;
}

import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';

/**
 * The contract between the tree-sitter host and a language module. The host finds tagged comments,
 * the declaration each precedes, string literals and models; the language module knows its own
 * syntax: which nodes are comments and declarations, how constants are written, which classes are
 * ORM models. The evaluation contract (Expr, ModuleTable) is the TypeScript source's.
 */
export type LanguageId = 'python' | 'go' | 'java' | 'kotlin' | 'ruby' | 'php' | 'csharp';

/**
 * A function that undoes a migration (`def down`, `def downgrade`, Django's `backwards`, EF Core's
 * `Down`, goose's `downAddUsers`, `DOWN_SQL`): its SQL never runs going forward, so it is no evidence
 * and its mistakes are no one's concern. (Not `rollback` nor `revert`: an application's own
 * rollbackOrder may delete data for real; and only in a migration's file.)
 */
export const DOWN_NAME = /^(?:down|downgrade|backwards|Down|Downgrade)(?:$|[A-Z_0-9])|^(?:DOWN|DOWNGRADE)(?:$|_)/;

export interface Declaration {
  kind: 'function' | 'class' | 'constant' | 'variable' | 'property';
  /** the name as written (qualified with the enclosing class by the host) */
  name: string;
  nameNode: Node;
  /** the value of a constant/variable/property */
  value?: Node;
  /** why the value can change at run time (a Go `var`, a Java field that is not final), with the fix */
  mutable?: string;
}

/** A column of a model, or of a table created by a migration in code. */
export interface ModelColumn {
  /** the field as written in the class */
  key: string;
  /** the SQL column it maps */
  column: string;
  sqlType?: string;
  /** the declaration node tags above it attach to */
  node: Node;
  nameNode: Node;
}

/** An ORM model (a class mapping a table), or a table a migration creates in code. */
export interface Model {
  orm: string;
  /** the class, struct or call node tags above it attach to */
  node: Node;
  nameNode: Node;
  symbol: string;
  /** the SQL table, as `schema.table` (public. when unqualified) */
  table: string;
  /** true: a migration creates this table (the store is the SQL table itself); false: a class maps it */
  creates: boolean;
  /** a migration adds these columns to a table created earlier (Laravel `Schema::table`): columns only */
  adds?: boolean;
  columns: ModelColumn[];
}

/** Strings that can become SQL: their text, and for interpolated strings the parts and the values between. */
export interface StringText {
  text: string;
  template?: { parts: string[]; exprs: Node[] };
}

/** A class another file maps to a table, and where the language's convention puts that class. */
export interface ModelHint {
  className: string;
  table: string;
  /** the file name the class is conventionally declared in (`Message.cs`) */
  file: string;
  /** namespaces the hinting file sees (its own and its `using`s): of several such files, the class is the one in these */
  namespaces: string[];
}

export interface LanguageModule {
  id: LanguageId;
  /** "Python", for messages */
  label: string;
  /** the files of this language */
  files: RegExp;
  /** the grammar's WebAssembly file, as a package path: `tree-sitter-python/tree-sitter-python.wasm` */
  wasm: string;
  /** node types of comments */
  comments: ReadonlySet<string>;
  /** node types of string literals (whole literals, not their parts) */
  strings: ReadonlySet<string>;
  /** cheap text test: could the file hold a model or a table created in code? */
  modelMarkers: RegExp;
  /** the comment text without its markers (`#`, `//`, `/*`, `*`), for the annotation parser */
  commentText?(text: string): string;
  /** a docstring (Python): the declaration it documents, when this string node is one */
  docstringOwner?(node: Node): Node | undefined;
  /** the node a tag above `node` belongs to (a decorated definition → its definition; a one-spec Go `const` → its spec) */
  unwrap?(node: Node): Node;
  /** the declaration at a node the host found tags above */
  declaration(node: Node): Declaration | undefined;
  /** the name that qualifies members of this node (a class name), when it is a scope */
  scopeName(node: Node): string | undefined;
  /** the evaluable form of a constant's value */
  expr(node: Node, depth: number): Expr;
  stringText(node: Node): StringText | undefined;
  /** is this call's string argument SQL by construction (`cursor.execute(…)`, `db.Exec(…)`)? */
  sqlCall(call: Node): boolean;
  /**
   * is this node the backward direction of a migration, beyond a function named so (which the host
   * sees through `declaration`): Django's `RunSQL(reverse_sql=…)`, a Go `down := func(…)`?
   */
  downDirection?(node: Node): boolean;
  /** top-level constants, imports and exports of a file */
  module(root: Node, file: string, files: FileIndex): ModuleTable;
  /** `tables`: classes another file maps to a table (EF Core's `DbSet<Message> Messages` in a DbContext) */
  models?(root: Node, file: string, tables: ReadonlyMap<string, string>): Model[];
  /**
   * Classes this file maps to tables for classes declared elsewhere, and the file the language's
   * convention puts each class in (`Message` → `Message.cs`), so the scan reads that file as a model too.
   */
  modelHints?(root: Node): ModelHint[];
  /**
   * A format string and its arguments (`fmt.Sprintf("… %d days", KEEP)`, Python's `"… %s days" % KEEP`):
   * the node that stands for the whole text, and its parts and values; undefined when `str` is no format string.
   */
  formatted?(str: Node): { node: Node; text: StringText } | undefined;
  /** binary expressions that join strings (`+`, PHP's `.`): a concatenation of literals is one SQL text */
  concatenation?: { types: ReadonlySet<string>; operators: ReadonlySet<string> };
  /** node types of calls (to find the call a SQL string is an argument of) */
  calls: ReadonlySet<string>;
}

/** What a language module may ask about the repository (to resolve imports to files). */
export interface FileIndex {
  has(file: string): boolean;
  /** repository files ending with this suffix (`app/config.py`) */
  endingWith(suffix: string): string[];
  /** the Go module path of the go.mod that governs this file, and that go.mod's folder */
  goModule(file: string): { path: string; dir: string } | undefined;
  /** files of a folder, directly in it */
  inDir(dir: string): string[];
}

const MAX_EXPRESSION_DEPTH = 100;

export function unknown(why: string): Expr {
  return { k: 'unknown', why };
}

/** The node types of the expression forms every language shares; each language module reads its own idioms. */
export interface ExprSyntax {
  numbers: ReadonlySet<string>;
  /** parentheses, casts and one-value lists: their value (the `value` field, else the first child) */
  wrappers: ReadonlySet<string>;
  unary: ReadonlySet<string>;
  binary: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

const OPERATORS: Record<string, '+' | '-' | '*' | '/' | '%' | '**'> = { '+': '+', '-': '-', '*': '*', '/': '/', '//': '/', '%': '%', '**': '**' };

/**
 * Literals, parentheses, signs, arithmetic and names, the same in every language; undefined for a
 * node that is the language's own (a call, a member access). Depth-limited: deep nesting is unknown.
 */
export function sharedExpr(node: Node, depth: number, syntax: ExprSyntax, self: (node: Node, depth: number) => Expr): Expr | undefined {
  if (depth > MAX_EXPRESSION_DEPTH) return unknown(`the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
  const next = depth + 1;
  if (syntax.numbers.has(node.type)) return numberExpr(node.text);
  if (syntax.names.has(node.type)) return { k: 'ref', name: node.text };
  if (syntax.wrappers.has(node.type)) {
    const inner = field(node, 'value') ?? namedChildren(node)[0];
    return inner ? self(inner, next) : unknown('an empty expression');
  }
  if (syntax.unary.has(node.type)) {
    const arg = field(node, 'argument') ?? field(node, 'operand') ?? namedChildren(node).at(-1);
    const sign = node.text.trimStart()[0];
    if (!arg) return unknown('an operator without operand');
    if (sign === '-') return { k: 'neg', e: self(arg, next) };
    return sign === '+' ? self(arg, next) : unknown(`the operator ${sign} is not evaluated`);
  }
  if (syntax.binary.has(node.type)) {
    const l = field(node, 'left') ?? namedChildren(node)[0];
    const r = field(node, 'right') ?? namedChildren(node).at(-1);
    const opText = field(node, 'operator')?.text ?? (l && r ? node.text.slice(l.endIndex - node.startIndex, r.startIndex - node.startIndex).trim() : '');
    const op = OPERATORS[opText];
    if (!op || !l || !r) return unknown(`the operator ${opText || '?'} is not evaluated`);
    return { k: 'bin', op, l: self(l, next), r: self(r, next) };
  }
  return undefined;
}

/** `14`, `1_000`, `0x10`, `14L`, `2.5f`, `14.0` → a number expression. */
function numberExpr(text: string): Expr {
  const cleaned = text.replace(/_/g, '').replace(/(?<=\d)[lLfFdDmMuU]+$/, '');
  const v = /^0[0-7]+$/.test(cleaned) ? parseInt(cleaned, 8) : Number(cleaned);
  return Number.isFinite(v) ? { k: 'num', v } : unknown(`${text} is not a finite number`);
}

/** `TrafficLog` → `traffic_log` (Spring's and GORM's default naming). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** GORM's and Rails' default table names: `user` → `users`, `category` → `categories`. */
export function plural(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

export function qualifiedTable(name: string): string {
  const clean = name.replace(/["`[\]]/g, '');
  return clean.includes('.') ? clean.toLowerCase() : `public.${clean.toLowerCase()}`;
}

/** Named children, skipping comments. */
export function namedChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c && !c.type.includes('comment')) out.push(c);
  }
  return out;
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

/** The first named child of one of these types. */
export function childOfType(node: Node, ...types: string[]): Node | undefined {
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c && types.includes(c.type)) return c;
  }
  return undefined;
}

/**
 * Classes a file's constants name but neither declare nor import (`Limits.TRAFFIC_DAYS` in C#, PHP,
 * Kotlin or Ruby, where a namespace or an autoloader makes them visible): each is imported from the
 * one repository file its language's convention names for it (`Limits.cs`, `Limits.php`, `limits.rb`).
 * Returns the names no such file was found for.
 */
export function conventionalImports(mod: ModuleTable, file: string, files: FileIndex, fileName: (name: string) => string): string[] {
  const known = new Set([...mod.consts.map(([n]) => n), ...mod.imports.map((i) => i.local)]);
  const wanted = new Set<string>();
  const visit = (e: Expr, depth: number): void => {
    if (depth > MAX_EXPRESSION_DEPTH) return;
    switch (e.k) {
      case 'ref':
        if (/^[A-Z]/.test(e.name) && !known.has(e.name)) wanted.add(e.name);
        return;
      case 'bin':
        visit(e.l, depth + 1);
        visit(e.r, depth + 1);
        return;
      case 'neg': case 'ms': case 'in': case 'to': case 'prop':
        visit(e.e, depth + 1);
        return;
      case 'obj':
        for (const [, v] of e.props) visit(v, depth + 1);
        return;
      default:
    }
  };
  for (const [, c] of mod.consts) visit(c.expr, 0);
  const left: string[] = [];
  for (const name of [...wanted].sort()) {
    const base = fileName(name);
    const found = [...(files.has(base) ? [base] : []), ...files.endingWith(`/${base}`)].filter((f) => f !== file);
    if (found.length === 1) mod.imports.push({ local: name, module: relativeSpecifier(file, found[0]), imported: name });
    else left.push(name);
  }
  return left;
}

/** A printf-style format string split at its verbs (`%d`, `%s`, `%v`; `%%` is a percent sign), with the values that fill them. */
export function printf(format: string, args: Node[]): StringText | undefined {
  const parts: string[] = [''];
  const verbs = /%(%|[-+# 0]*\d*(?:\.\d+)?[a-zA-Z])/g;
  let last = 0;
  for (const m of format.matchAll(verbs)) {
    parts[parts.length - 1] += format.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] === '%') parts[parts.length - 1] += '%';
    else parts.push('');
  }
  parts[parts.length - 1] += format.slice(last);
  if (parts.length - 1 !== args.length) return undefined;
  return args.length === 0 ? { text: parts[0] } : { text: parts.join(''), template: { parts, exprs: args } };
}

/** Relative specifier from one repository file to another (`./config.py`, `../lib/time.go`), the form the evaluator resolves. */
export function relativeSpecifier(from: string, to: string): string {
  const fromDir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const a = fromDir ? fromDir.split('/') : [];
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.length - i;
  const rest = b.slice(i).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/**
 * A value that can change at run time is unknown, whatever it starts as; an unknown value keeps its
 * own reason (an environment read says more than its declaration).
 */
export function changeable(name: string, why: string, value: Expr): Expr {
  return value.k === 'unknown' ? value : unknown(`${name} is ${why}; its value may change at run time`);
}

/** An environment read, as the reason of an unknown value. */
export function fromEnvironment(what: string): Expr {
  return unknown(`the value is read from the environment (${what.length > 60 ? `${what.slice(0, 59)}…` : what}) at run time; its deployed value is not in the repository`);
}

/** Seconds per unit, for the duration idioms: every duration is evaluated in seconds so that sums of units add up. */
export const SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 0.001, s: 1, min: 60, h: 3600, d: 86400, w: 604800 };

/** `amount` of `unit`, as a duration in seconds. */
export function amountOf(amount: Expr, unit: keyof typeof SECONDS): Expr {
  return { k: 'in', e: SECONDS[unit] === 1 ? amount : { k: 'bin', op: '*', l: amount, r: { k: 'num', v: SECONDS[unit] } }, unit: 's' };
}

import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import {
  amountOf, changeable, conventionalImports, field, fromEnvironment, namedChildren, qualifiedTable, unknown,
  sharedExpr, type Declaration, type ExprSyntax, type FileIndex, type LanguageModule, type ModelHint, type Model, type ModelColumn,
} from './model.js';

/**
 * C#: `//`, `/* *\/` and XML doc comments (`///`); `const` and `static readonly` fields;
 * `TimeSpan.FromDays(14)`; `Environment.GetEnvironmentVariable` as unknown; EF Core entities
 * (`[Table]`, `[Column]`, and the `DbSet<T>` properties of a DbContext).
 */
const NOT_CONSTANT = 'neither const nor readonly (declare it const or static readonly)';
const FROM: Record<string, 'ms' | 's' | 'min' | 'h' | 'd'> = { FromMilliseconds: 'ms', FromSeconds: 's', FromMinutes: 'min', FromHours: 'h', FromDays: 'd' };
const TOTAL: Record<string, 'ms' | 's' | 'min' | 'h' | 'd'> = { TotalMilliseconds: 'ms', TotalSeconds: 's', TotalMinutes: 'min', TotalHours: 'h', TotalDays: 'd' };
const SQL_METHODS = new Set(['ExecuteSqlRaw', 'ExecuteSqlRawAsync', 'ExecuteSqlInterpolated', 'ExecuteSqlInterpolatedAsync', 'ExecuteSql', 'ExecuteSqlAsync', 'FromSqlRaw', 'SqlQueryRaw', 'Execute', 'ExecuteAsync', 'Query', 'QueryAsync', 'ExecuteNonQuery', 'ExecuteNonQueryAsync']);
const CS_TYPES: Record<string, string> = { string: 'text', DateTime: 'timestamp', DateTimeOffset: 'timestamptz', IPAddress: 'inet', long: 'bigint', int: 'integer', bool: 'boolean', Guid: 'uuid', decimal: 'numeric' };

function stringValue(node: Node): string | undefined {
  if (node.type !== 'string_literal' && node.type !== 'verbatim_string_literal' && node.type !== 'raw_string_literal') return undefined;
  if (node.type === 'verbatim_string_literal') return node.text.slice(2, -1).replace(/""/g, '"');
  if (node.type === 'raw_string_literal') return node.text.replace(/^"{3,}|"{3,}$/g, '');
  return node.namedChildren.map((c) => c?.text ?? '').join('');
}

const SYNTAX: ExprSyntax = {
  numbers: new Set(['integer_literal', 'real_literal']), wrappers: new Set(['parenthesized_expression', 'cast_expression']), unary: new Set(['prefix_unary_expression']),
  binary: new Set(['binary_expression']), names: new Set(['identifier']),
};

function expr(node: Node, depth: number): Expr {
  const shared = sharedExpr(node, depth, SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'string_literal':
    case 'verbatim_string_literal':
    case 'raw_string_literal':
      return { k: 'str', v: stringValue(node) ?? '' };
    case 'member_access_expression': {
      const obj = field(node, 'expression');
      const name = field(node, 'name')?.text ?? '';
      if (obj && TOTAL[name]) return { k: 'to', e: expr(obj, next), unit: TOTAL[name] };
      return obj ? { k: 'prop', e: expr(obj, next), name } : unknown('a member access is not evaluated');
    }
    case 'invocation_expression': {
      const fn = field(node, 'function');
      const args = namedChildren(field(node, 'arguments') ?? node).map((a) => namedChildren(a).at(-1) ?? a);
      if (/\bEnvironment\.GetEnvironmentVariable$/.test(fn?.text ?? '') || args.some((a) => /\bEnvironment\.GetEnvironmentVariable\s*\(/.test(a.text))) return fromEnvironment(node.text);
      const obj = fn?.type === 'member_access_expression' ? field(fn, 'expression')?.text : undefined;
      const name = fn?.type === 'member_access_expression' ? field(fn, 'name')?.text ?? '' : fn?.text ?? '';
      if (obj === 'TimeSpan' && FROM[name] && args.length === 1) return amountOf(expr(args[0], next), FROM[name]);
      if (/^(?:int|long|double|Int32|Int64|Convert)$/.test(obj ?? '') && /^(?:Parse|ToInt32|ToInt64)$/.test(name) && args.length === 1) return expr(args[0], next);
      return unknown(`the call ${fn?.text ?? '…'}(…) is not evaluated (only literals, arithmetic, TimeSpan and constants are)`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, TimeSpan and constants are)`);
  }
}

function modifiers(node: Node): string {
  return namedChildren(node).filter((c) => c.type === 'modifier').map((c) => c.text).join(' ');
}

function attribute(node: Node, name: string): Node | undefined {
  for (const list of namedChildren(node)) {
    if (list.type !== 'attribute_list') continue;
    for (const a of namedChildren(list)) if (a.type === 'attribute' && field(a, 'name')?.text.replace(/Attribute$/, '') === name) return a;
  }
  return undefined;
}

function attributeString(a: Node | undefined): string | undefined {
  const first = a?.descendantsOfType(['string_literal', 'verbatim_string_literal'])[0];
  return first ? stringValue(first) : undefined;
}

function fieldsOf(body: Node): Array<{ decl: Node; name: Node; value?: Node; constant: boolean; isStatic: boolean }> {
  const out: Array<{ decl: Node; name: Node; value?: Node; constant: boolean; isStatic: boolean }> = [];
  for (const f of namedChildren(body)) {
    if (f.type !== 'field_declaration') continue;
    const mods = modifiers(f);
    const vd = namedChildren(f).find((c) => c.type === 'variable_declaration');
    for (const d of vd ? namedChildren(vd).filter((c) => c.type === 'variable_declarator') : []) {
      const name = field(d, 'name');
      const value = namedChildren(d).filter((c) => c.id !== name?.id).at(-1);
      if (name) out.push({ decl: f, name, value, constant: /\bconst\b|\breadonly\b/.test(mods), isStatic: /\bstatic\b|\bconst\b/.test(mods) });
    }
  }
  return out;
}

const TYPES = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration']);

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  for (const cls of root.descendantsOfType([...TYPES])) {
    const name = cls && field(cls, 'name')?.text;
    const body = cls && field(cls, 'body');
    if (!cls || !name || !body) continue;
    const props: Array<[string, Expr]> = [];
    for (const f of fieldsOf(body)) {
      if (!f.isStatic) continue;
      const e = f.value ? expr(f.value, 0) : unknown(`${f.name.text} has no value`);
      props.push([f.name.text, e]);
      mod.consts.push([f.name.text, { expr: f.constant ? e : changeable(f.name.text, NOT_CONSTANT, e) }]);
    }
    mod.consts.push([name, { expr: { k: 'obj', props } }]);
    mod.exports.push([name, name]);
  }
  conventionalImports(mod, file, files, (name) => `${name}.cs`);
  return mod;
}

/** EF Core: `DbSet<Message> Messages` in a DbContext names the table of Message (unless [Table] says otherwise). */
function dbSets(root: Node): ModelHint[] {
  const namespaces = root.descendantsOfType(['using_directive', 'namespace_declaration', 'file_scoped_namespace_declaration'])
    .map((n) => (n && (field(n, 'name') ?? namedChildren(n).find((c) => c.type === 'qualified_name' || c.type === 'identifier'))?.text) ?? '')
    .filter(Boolean);
  const out: ModelHint[] = [];
  for (const p of root.descendantsOfType('property_declaration')) {
    const type = p && field(p, 'type');
    const m = type ? /^DbSet<\s*(?:[\w.]+\.)?(\w+)\s*>$/.exec(type.text) : null;
    const name = p && field(p, 'name')?.text;
    if (m && name) out.push({ className: m[1], table: name, file: `${m[1]}.cs`, namespaces });
  }
  return out;
}

function models(root: Node, _file: string, tables: ReadonlyMap<string, string>): Model[] {
  const sets = new Map([...tables, ...dbSets(root).map((d): [string, string] => [d.className, d.table])]);
  const out: Model[] = [];
  for (const cls of root.descendantsOfType(['class_declaration', 'record_declaration'])) {
    const name = cls && field(cls, 'name');
    const body = cls && field(cls, 'body');
    if (!cls || !name || !body) continue;
    const tableAttr = attribute(cls, 'Table');
    const table = attributeString(tableAttr) ?? sets.get(name.text);
    if (!table) continue;
    const columns: ModelColumn[] = [];
    for (const p of namedChildren(body)) {
      if (p.type !== 'property_declaration' || /\bstatic\b/.test(modifiers(p)) || attribute(p, 'NotMapped')) continue;
      const pname = field(p, 'name');
      const type = field(p, 'type')?.text.replace(/\?$/, '') ?? '';
      if (!pname || /^(?:ICollection|List|IList|IEnumerable)</.test(type)) continue;
      const col = attribute(p, 'Column');
      const column = attributeString(col) ?? pname.text;
      const declared = col?.descendantsOfType('attribute_argument').map((a) => a?.text ?? '').find((t) => /^TypeName\s*=/.test(t));
      const sqlType = declared ? /"([^"]+)"/.exec(declared)?.[1]?.toLowerCase() : CS_TYPES[type];
      columns.push({ key: pname.text, column, ...(sqlType ? { sqlType } : {}), node: p, nameNode: pname });
    }
    out.push({ orm: 'ef-core', node: cls, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns });
  }
  return out;
}

export const csharp: LanguageModule = {
  id: 'csharp',
  label: 'C#',
  files: /\.cs$/,
  wasm: 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
  comments: new Set(['comment']),
  strings: new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression']),
  concatenation: { types: new Set(['binary_expression']), operators: new Set(['+']) },
  calls: new Set(['invocation_expression']),
  modelMarkers: /\[(?:System\.ComponentModel\.DataAnnotations\.Schema\.)?Table\s*\(|\bDbSet</,
  declaration(node): Declaration | undefined {
    if (TYPES.has(node.type)) {
      const name = field(node, 'name');
      return name ? { kind: 'class', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'method_declaration' || node.type === 'constructor_declaration' || node.type === 'local_function_statement') {
      const name = field(node, 'name');
      return name ? { kind: 'function', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'field_declaration') {
      const [f] = node.parent ? fieldsOf(node.parent).filter((x) => x.decl.id === node.id) : [];
      return f ? { kind: f.constant ? 'constant' : 'property', name: f.name.text, nameNode: f.name, value: f.value, ...(f.constant ? {} : { mutable: NOT_CONSTANT }) } : undefined;
    }
    if (node.type === 'property_declaration') {
      const name = field(node, 'name');
      return name ? { kind: 'property', name: name.text, nameNode: name, value: field(node, 'value') } : undefined;
    }
    return undefined;
  },
  scopeName(node) {
    return TYPES.has(node.type) ? field(node, 'name')?.text : undefined;
  },
  expr,
  stringText(node) {
    if (node.type !== 'interpolated_string_expression') {
      const v = stringValue(node);
      return v === undefined ? undefined : { text: v };
    }
    const parts: string[] = [''];
    const exprs: Node[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content' || c.type === 'escape_sequence') parts[parts.length - 1] += c.text;
      else if (c.type === 'interpolation') {
        const e = namedChildren(c).find((x) => x.type !== 'interpolation_brace');
        if (e) exprs.push(e);
        parts.push('');
      }
    }
    return exprs.length > 0 ? { text: parts.join(''), template: { parts, exprs } } : { text: parts[0] };
  },
  sqlCall(call) {
    const fn = field(call, 'function');
    return SQL_METHODS.has(fn?.type === 'member_access_expression' ? field(fn, 'name')?.text ?? '' : '');
  },
  module,
  models,
  modelHints: dbSets,
};

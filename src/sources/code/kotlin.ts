import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import { DURATION_OF, DURATION_TO } from './java.js';
import { amountOf, changeable, conventionalImports, field, fromEnvironment, namedChildren, unknown, qualifiedTable, snakeCase, sharedExpr, type Declaration, type ExprSyntax, type FileIndex, type LanguageModule, type Model, type ModelColumn } from './model.js';

/**
 * Kotlin: `//`, `/* *\/` and KDoc; `const val`/`val` properties and `object` members;
 * `14.days` (kotlin.time), `Duration.ofDays(14)` (java.time); `System.getenv` as unknown; JPA
 * entities (`@Entity`, `@Table`, `@Column` on constructor parameters and properties).
 */
const VAR = 'a var (declare it val or const val)';
const UNITS: Record<string, 'ns' | 'us' | 'ms' | 's' | 'min' | 'h' | 'd'> = { nanoseconds: 'ns', microseconds: 'us', milliseconds: 'ms', seconds: 's', minutes: 'min', hours: 'h', days: 'd' };
const SQL_METHODS = new Set(['execute', 'executeQuery', 'executeUpdate', 'update', 'batchUpdate', 'query', 'queryForObject', 'queryForList', 'createNativeQuery', 'prepareStatement', 'exec']);

function stringValue(node: Node): string | undefined {
  if (node.type !== 'string_literal' && node.type !== 'multiline_string_literal') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.map((c) => c?.text ?? '').join('');
}

/** `a.b` → [a, b]; `f(x)` → its callee and arguments. */
function navigation(node: Node): { target?: Node; name: string } {
  const kids = namedChildren(node);
  return { target: kids[0], name: kids.at(-1)?.text ?? '' };
}

function callParts(node: Node): { callee?: Node; args: Node[] } {
  const kids = namedChildren(node);
  const argsNode = kids.find((k) => k.type === 'value_arguments');
  return { callee: kids[0], args: argsNode ? namedChildren(argsNode).map((a) => namedChildren(a).at(-1) ?? a) : [] };
}

const SYNTAX: ExprSyntax = {
  numbers: new Set(['number_literal', 'integer_literal', 'long_literal', 'real_literal']), wrappers: new Set(['parenthesized_expression']),
  unary: new Set(['prefix_expression']), binary: new Set(['binary_expression', 'additive_expression', 'multiplicative_expression']),
  names: new Set(['identifier', 'simple_identifier']),
};

function expr(node: Node, depth: number): Expr {
  if (/^System\.getenv\b/.test(node.text) || /\bSystem\.getenv\s*\(/.test(node.type === 'call_expression' ? node.text : '')) return fromEnvironment(node.text);
  // `x!!` asserts non-null: the value is x's
  const operand = node.type === 'unary_expression' ? field(node, 'argument') ?? namedChildren(node)[0] : undefined;
  if (operand && node.text.trimEnd().endsWith('!!')) return expr(operand, depth + 1);
  const shared = sharedExpr(node, depth, node.type === 'unary_expression' ? { ...SYNTAX, unary: new Set(['unary_expression']) } : SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'string_literal': {
      const v = stringValue(node);
      return v === undefined ? unknown('a string template is not evaluated') : { k: 'str', v };
    }
    case 'navigation_expression': {
      const { target, name } = navigation(node);
      if (!target) return unknown('a navigation is not evaluated');
      if (UNITS[name] && /literal$/.test(target.type)) return amountOf(expr(target, next), UNITS[name]);
      if (UNITS[name] && (target.type === 'parenthesized_expression' || target.type === 'identifier')) return amountOf(expr(target, next), UNITS[name]);
      return { k: 'prop', e: expr(target, next), name };
    }
    case 'call_expression': {
      const { callee, args } = callParts(node);
      if (callee?.type === 'navigation_expression') {
        const { target, name } = navigation(callee);
        if (target?.text === 'Duration' && DURATION_OF[name] && args.length === 1) return amountOf(expr(args[0], next), DURATION_OF[name]);
        if (target && DURATION_TO[name] && args.length === 0) return { k: 'to', e: expr(target, next), unit: DURATION_TO[name] };
        if (target && (name === 'toInt' || name === 'toLong') && args.length === 0) return expr(target, next);
        if (target && /^inWhole(\w+)$/.test(name)) return { k: 'to', e: expr(target, next), unit: UNITS[name.slice(7).toLowerCase()] === 'd' ? 'd' : 's' };
      }
      return unknown(`the call ${callee?.text ?? '…'}(…) is not evaluated (only literals, arithmetic, 14.days, Duration and constants are)`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, 14.days, Duration and constants are)`);
  }
}

function property(node: Node): { name: Node; value?: Node; constant: boolean } | undefined {
  const vd = namedChildren(node).find((c) => c.type === 'variable_declaration');
  const name = vd && namedChildren(vd)[0];
  if (!name) return undefined;
  const kids = namedChildren(node);
  const value = kids.slice(kids.findIndex((k) => k.id === vd?.id) + 1).find((c) => c.type !== 'type_constraints' && c.type !== 'getter' && c.type !== 'setter');
  const constant = /^\s*(?:[\w@]+\s+)*val\b/.test(node.text.slice(0, (vd?.startIndex ?? node.startIndex) - node.startIndex));
  return { name, value, constant };
}

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  for (const st of namedChildren(root)) {
    if (st.type === 'property_declaration') {
      const p = property(st);
      if (!p) continue;
      const e = p.value ? expr(p.value, 0) : unknown(`${p.name.text} has no value`);
      mod.consts.push([p.name.text, { expr: p.constant ? e : changeable(p.name.text, VAR, e) }]);
      mod.exports.push([p.name.text, p.name.text]);
    } else if (st.type === 'object_declaration') {
      const name = field(st, 'name')?.text;
      const body = namedChildren(st).find((c) => c.type === 'class_body');
      if (!name || !body) continue;
      const props: Array<[string, Expr]> = [];
      for (const m of namedChildren(body)) {
        const p = m.type === 'property_declaration' ? property(m) : undefined;
        if (!p) continue;
        const e = p.value ? expr(p.value, 0) : unknown(`${p.name.text} has no value`);
        props.push([p.name.text, e]);
        mod.consts.push([p.name.text, { expr: e }]);
      }
      mod.consts.push([name, { expr: { k: 'obj', props } }]);
      mod.exports.push([name, name]);
    }
  }
  conventionalImports(mod, file, files, (name) => `${name}.kt`);
  return mod;
}

const KOTLIN_TYPES: Record<string, string> = { String: 'varchar', Instant: 'timestamptz', OffsetDateTime: 'timestamptz', LocalDateTime: 'timestamp', LocalDate: 'date', Long: 'bigint', Int: 'integer', Boolean: 'boolean', UUID: 'uuid', BigDecimal: 'numeric', InetAddress: 'inet' };

/** An annotation among a declaration's modifiers, by its simple name. */
function annotation(node: Node, name: string): Node | undefined {
  const mods = namedChildren(node).find((c) => c.type === 'modifiers');
  for (const a of mods ? namedChildren(mods) : []) {
    if (a.type !== 'annotation') continue;
    const type = a.descendantsOfType('user_type')[0];
    if (type?.text.replace(/^.*\./, '') === name) return a;
  }
  return undefined;
}

/** `@Table(name = "messages")`, `@Column(name = "x")`: the string of a named (or the only) argument. */
function annotationString(a: Node | undefined, key: string): string | undefined {
  for (const arg of a?.descendantsOfType('value_argument') ?? []) {
    const kids = arg ? namedChildren(arg) : [];
    const value = kids.at(-1);
    if (value?.type === 'string_literal' && (kids.length === 1 || kids[0].text === key)) return stringValue(value);
  }
  return undefined;
}

function models(root: Node): Model[] {
  const out: Model[] = [];
  for (const cls of root.descendantsOfType('class_declaration')) {
    const name = cls && field(cls, 'name');
    if (!cls || !name || !annotation(cls, 'Entity')) continue;
    const table = annotationString(annotation(cls, 'Table'), 'name') ?? snakeCase(name.text);
    const members: Array<{ node: Node; name: Node; type?: Node }> = [];
    for (const p of cls.descendantsOfType('class_parameter')) {
      const pname = p && namedChildren(p).find((c) => c.type === 'identifier');
      // only `val`/`var` parameters are properties
      if (p && pname && p.children.some((c) => c?.type === 'val' || c?.type === 'var')) members.push({ node: p, name: pname, type: namedChildren(p).find((c) => /type$/.test(c.type)) });
    }
    const body = namedChildren(cls).find((c) => c.type === 'class_body');
    for (const d of body ? namedChildren(body) : []) {
      const vd = d.type === 'property_declaration' ? namedChildren(d).find((c) => c.type === 'variable_declaration') : undefined;
      const pname = vd && namedChildren(vd)[0];
      if (vd && pname) members.push({ node: d, name: pname, type: namedChildren(vd)[1] });
    }
    const columns: ModelColumn[] = [];
    for (const m of members) {
      if (annotation(m.node, 'Transient') || annotation(m.node, 'OneToMany') || annotation(m.node, 'ManyToMany')) continue;
      const col = annotation(m.node, 'Column');
      const join = annotation(m.node, 'JoinColumn') ?? annotation(m.node, 'ManyToOne');
      const column = annotationString(col, 'name') ?? (join ? annotationString(join, 'name') ?? `${snakeCase(m.name.text)}_id` : snakeCase(m.name.text));
      const declared = annotationString(col, 'columnDefinition')?.toLowerCase() ?? KOTLIN_TYPES[m.type?.text.replace(/\?$/, '') ?? ''];
      columns.push({ key: m.name.text, column, ...(declared ? { sqlType: declared } : {}), node: m.node, nameNode: m.name });
    }
    out.push({ orm: 'jpa', node: cls, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns });
  }
  return out;
}

export const kotlin: LanguageModule = {
  id: 'kotlin',
  label: 'Kotlin',
  files: /\.kts?$/,
  wasm: '@tree-sitter-grammars/tree-sitter-kotlin/tree-sitter-kotlin.wasm',
  comments: new Set(['line_comment', 'block_comment']),
  strings: new Set(['string_literal', 'multiline_string_literal']),
  calls: new Set(['call_expression']),
  modelMarkers: /@(?:jakarta\.persistence\.|javax\.persistence\.)?Entity\b/,
  declaration(node): Declaration | undefined {
    if (node.type === 'function_declaration') {
      const name = field(node, 'name') ?? namedChildren(node).find((c) => c.type === 'identifier' || c.type === 'simple_identifier');
      return name ? { kind: 'function', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'class_declaration' || node.type === 'object_declaration') {
      const name = field(node, 'name');
      return name ? { kind: 'class', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'property_declaration') {
      const p = property(node);
      return p ? { kind: p.constant ? 'constant' : 'variable', name: p.name.text, nameNode: p.name, value: p.value, ...(p.constant ? {} : { mutable: VAR }) } : undefined;
    }
    return undefined;
  },
  scopeName(node) {
    return node.type === 'class_declaration' || node.type === 'object_declaration' ? field(node, 'name')?.text : undefined;
  },
  expr,
  stringText(node) {
    const parts: string[] = [''];
    const exprs: Node[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'interpolation') {
        const e = namedChildren(c)[0];
        if (e) exprs.push(e);
        parts.push('');
      } else parts[parts.length - 1] += c.text;
    }
    return exprs.length > 0 ? { text: parts.join(''), template: { parts, exprs } } : { text: parts[0] };
  },
  sqlCall(call) {
    const callee = namedChildren(call)[0];
    return callee?.type === 'navigation_expression' && SQL_METHODS.has(navigation(callee).name);
  },
  module,
  models,
};

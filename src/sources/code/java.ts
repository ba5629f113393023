import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import {
  amountOf, changeable, field, fromEnvironment, namedChildren, qualifiedTable, relativeSpecifier, snakeCase, unknown,
  sharedExpr, type Declaration, type ExprSyntax, type FileIndex, type LanguageModule, type Model, type ModelColumn,
} from './model.js';

/**
 * Java: `//`, `/* *\/` and Javadoc; `static final` fields; `Duration.ofDays(14)`,
 * `TimeUnit.DAYS.toMillis(14)`; `System.getenv` as unknown; imported classes of the repository;
 * JPA/Hibernate entities (`@Entity`, `@Table`, `@Column`, Spring's snake_case naming).
 */
const NOT_FINAL = 'not final (declare it static final)';
export const DURATION_OF: Record<string, 'ns' | 'ms' | 's' | 'min' | 'h' | 'd'> = { ofNanos: 'ns', ofMillis: 'ms', ofSeconds: 's', ofMinutes: 'min', ofHours: 'h', ofDays: 'd' };
export const DURATION_TO: Record<string, 'ms' | 's' | 'min' | 'h' | 'd'> = { toMillis: 'ms', toSeconds: 's', getSeconds: 's', toMinutes: 'min', toHours: 'h', toDays: 'd' };
export const TIME_UNIT: Record<string, 'ns' | 'us' | 'ms' | 's' | 'min' | 'h' | 'd'> = { NANOSECONDS: 'ns', MICROSECONDS: 'us', MILLISECONDS: 'ms', SECONDS: 's', MINUTES: 'min', HOURS: 'h', DAYS: 'd' };
const SQL_METHODS = new Set(['execute', 'executeQuery', 'executeUpdate', 'executeLargeUpdate', 'update', 'batchUpdate', 'query', 'queryForObject', 'queryForList', 'queryForMap', 'createNativeQuery', 'prepareStatement', 'sql']);
const JAVA_TYPES: Record<string, string> = {
  String: 'varchar', Instant: 'timestamptz', OffsetDateTime: 'timestamptz', ZonedDateTime: 'timestamptz', LocalDateTime: 'timestamp', LocalDate: 'date', Date: 'timestamp',
  InetAddress: 'inet', Long: 'bigint', long: 'bigint', Integer: 'integer', int: 'integer', Boolean: 'boolean', boolean: 'boolean', UUID: 'uuid', BigDecimal: 'numeric',
};

function stringValue(node: Node): string | undefined {
  if (node.type !== 'string_literal') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'string_interpolation')) return undefined;
  const parts = node.namedChildren.filter((c) => c?.type === 'string_fragment' || c?.type === 'multiline_string_fragment' || c?.type === 'escape_sequence');
  return parts.map((c) => c?.text ?? '').join('');
}

const SYNTAX: ExprSyntax = {
  numbers: new Set(['decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal', 'decimal_floating_point_literal']),
  wrappers: new Set(['parenthesized_expression', 'cast_expression']), unary: new Set(['unary_expression']), binary: new Set(['binary_expression']), names: new Set(['identifier']),
};

function expr(node: Node, depth: number): Expr {
  const shared = sharedExpr(node, depth, SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'string_literal': {
      const v = stringValue(node);
      return v === undefined ? unknown('a string with substitutions is not evaluated') : { k: 'str', v };
    }
    case 'field_access': {
      const obj = field(node, 'object');
      const name = field(node, 'field')?.text ?? '';
      return obj ? { k: 'prop', e: expr(obj, next), name } : unknown('a field access is not evaluated');
    }
    case 'method_invocation': {
      const obj = field(node, 'object');
      const name = field(node, 'name')?.text ?? '';
      const args = namedChildren(field(node, 'arguments') ?? node);
      if (/^System\.(?:getenv|getProperty)$/.test(`${obj?.text}.${name}`) || args.some((a) => /^System\.(?:getenv|getProperty)\s*\(/.test(a.text))) return fromEnvironment(node.text);
      if (obj?.text === 'Duration' && DURATION_OF[name] && args.length === 1) return amountOf(expr(args[0], next), DURATION_OF[name]);
      if (obj?.type === 'field_access' && field(obj, 'object')?.text === 'TimeUnit') {
        const unit = TIME_UNIT[field(obj, 'field')?.text ?? ''];
        const to = DURATION_TO[name];
        if (unit && to && args.length === 1) return { k: 'to', e: amountOf(expr(args[0], next), unit), unit: to };
      }
      if (obj && DURATION_TO[name] && args.length === 0) return { k: 'to', e: expr(obj, next), unit: DURATION_TO[name] };
      if (/^(?:Long|Integer|Double)$/.test(obj?.text ?? '') && /^(?:parse\w+|valueOf)$/.test(name) && args.length === 1) return expr(args[0], next);
      return unknown(`the call ${obj ? `${obj.text}.` : ''}${name}(…) is not evaluated (only literals, arithmetic, Duration/TimeUnit and constants are)`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, Duration/TimeUnit and constants are)`);
  }
}

function modifiersOf(node: Node): Node | undefined {
  return namedChildren(node).find((c) => c.type === 'modifiers');
}

function annotation(node: Node, name: string): Node | undefined {
  const mods = modifiersOf(node);
  return mods ? namedChildren(mods).find((a) => (a.type === 'annotation' || a.type === 'marker_annotation') && field(a, 'name')?.text.replace(/^.*\./, '') === name) : undefined;
}

function annotationValue(a: Node | undefined, key: string): string | undefined {
  const args = a && field(a, 'arguments');
  if (!args) return undefined;
  for (const p of namedChildren(args)) {
    const value = field(p, 'value');
    if (p.type === 'element_value_pair' && field(p, 'key')?.text === key) return value ? stringValue(value) : undefined;
    if (key === 'value' && p.type === 'string_literal') return stringValue(p);
  }
  return undefined;
}

const CLASS_TYPES = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration']);

function fieldsOf(body: Node): Array<{ decl: Node; name: Node; value?: Node; isStatic: boolean; isFinal: boolean }> {
  const out: Array<{ decl: Node; name: Node; value?: Node; isStatic: boolean; isFinal: boolean }> = [];
  for (const f of namedChildren(body)) {
    if (f.type !== 'field_declaration' && f.type !== 'constant_declaration') continue;
    const mods = modifiersOf(f)?.text ?? '';
    for (const d of f.childrenForFieldName('declarator')) {
      const name = d && field(d, 'name');
      if (d && name) out.push({ decl: f, name, value: field(d, 'value'), isStatic: /\bstatic\b/.test(mods) || f.type === 'constant_declaration', isFinal: /\bfinal\b/.test(mods) || f.type === 'constant_declaration' });
    }
  }
  return out;
}

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  // The classes of the same package are visible without an import.
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  for (const sibling of files.inDir(dir)) {
    const cls = /([A-Za-z_$][\w$]*)\.java$/.exec(sibling)?.[1];
    if (cls && sibling !== file) mod.imports.push({ local: cls, module: relativeSpecifier(file, sibling), imported: cls });
  }
  for (const st of namedChildren(root)) {
    if (CLASS_TYPES.has(st.type)) {
      const name = field(st, 'name')?.text;
      const body = field(st, 'body');
      if (!name || !body) continue;
      const props: Array<[string, Expr]> = [];
      for (const f of fieldsOf(body)) {
        if (!f.isStatic) continue;
        const e = f.value ? expr(f.value, 0) : unknown(`${f.name.text} has no value`);
        props.push([f.name.text, e]);
        // inside the class the field is named without its class
        mod.consts.push([f.name.text, { expr: f.isFinal ? e : changeable(f.name.text, NOT_FINAL, e) }]);
      }
      mod.consts.push([name, { expr: { k: 'obj', props } }]);
      mod.exports.push([name, name]);
    } else if (st.type === 'import_declaration' && !/\bstatic\b|\*/.test(st.text)) {
      const dotted = namedChildren(st)[0]?.text ?? '';
      const cls = dotted.slice(dotted.lastIndexOf('.') + 1);
      const target = files.endingWith(`/${dotted.replace(/\./g, '/')}.java`)[0];
      if (target) mod.imports.push({ local: cls, module: relativeSpecifier(file, target), imported: cls });
    }
  }
  return mod;
}

function models(root: Node): Model[] {
  const out: Model[] = [];
  for (const cls of root.descendantsOfType('class_declaration')) {
    const name = cls && field(cls, 'name');
    const body = cls && field(cls, 'body');
    if (!cls || !name || !body || !annotation(cls, 'Entity')) continue;
    const table = annotationValue(annotation(cls, 'Table'), 'name') ?? annotationValue(annotation(cls, 'Entity'), 'name') ?? snakeCase(name.text);
    const columns: ModelColumn[] = [];
    for (const f of fieldsOf(body)) {
      if (f.isStatic || annotation(f.decl, 'Transient') || annotation(f.decl, 'OneToMany') || annotation(f.decl, 'ManyToMany')) continue;
      const col = annotation(f.decl, 'Column');
      const join = annotation(f.decl, 'JoinColumn');
      const column = annotationValue(col, 'name') ?? annotationValue(join, 'name') ?? (join || annotation(f.decl, 'ManyToOne') || annotation(f.decl, 'OneToOne') ? `${snakeCase(f.name.text)}_id` : snakeCase(f.name.text));
      const declared = annotationValue(col, 'columnDefinition')?.toLowerCase() ?? JAVA_TYPES[field(f.decl, 'type')?.text ?? ''];
      columns.push({ key: f.name.text, column, ...(declared ? { sqlType: declared } : {}), node: f.decl, nameNode: f.name });
    }
    out.push({ orm: 'jpa', node: cls, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns });
  }
  return out;
}

export const java: LanguageModule = {
  id: 'java',
  label: 'Java',
  files: /\.java$/,
  wasm: 'tree-sitter-java/tree-sitter-java.wasm',
  comments: new Set(['line_comment', 'block_comment']),
  strings: new Set(['string_literal']),
  concatenation: { types: new Set(['binary_expression']), operators: new Set(['+']) },
  calls: new Set(['method_invocation']),
  modelMarkers: /@(?:jakarta\.persistence\.|javax\.persistence\.)?Entity\b/,
  declaration(node): Declaration | undefined {
    if (CLASS_TYPES.has(node.type)) {
      const name = field(node, 'name');
      return name ? { kind: 'class', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'method_declaration' || node.type === 'constructor_declaration') {
      const name = field(node, 'name');
      return name ? { kind: 'function', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'field_declaration' || node.type === 'constant_declaration' || node.type === 'local_variable_declaration') {
      const d = field(node, 'declarator');
      const name = d && field(d, 'name');
      if (!d || !name) return undefined;
      const mods = modifiersOf(node)?.text ?? '';
      const constant = node.type === 'constant_declaration' || /\bfinal\b/.test(mods);
      return { kind: constant ? 'constant' : node.type === 'field_declaration' ? 'property' : 'variable', name: name.text, nameNode: name, value: field(d, 'value'), ...(constant ? {} : { mutable: NOT_FINAL }) };
    }
    return undefined;
  },
  scopeName(node) {
    return CLASS_TYPES.has(node.type) || node.type === 'method_declaration' ? field(node, 'name')?.text : undefined;
  },
  expr,
  stringText(node) {
    const v = stringValue(node);
    return v === undefined ? undefined : { text: v };
  },
  sqlCall(call) {
    return SQL_METHODS.has(field(call, 'name')?.text ?? '');
  },
  module,
  models,
};

import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import {
  amountOf, changeable, DOWN_NAME, field, fromEnvironment, namedChildren, plural, qualifiedTable, relativeSpecifier, snakeCase, unknown,
  printf, sharedExpr, type Declaration, type ExprSyntax, type FileIndex, type LanguageModule, type Model, type ModelColumn, type StringText,
} from './model.js';

/**
 * Go: `//` and `/* *\/` comments; package constants (a package is every file of its folder);
 * `14 * 24 * time.Hour`; `os.Getenv` as unknown; imports of the same module (go.mod); GORM structs.
 */
const VAR = 'a var (declare it with const)';
const TIME_UNITS: Record<string, 'ns' | 'us' | 'ms' | 's' | 'min' | 'h'> = { Nanosecond: 'ns', Microsecond: 'us', Millisecond: 'ms', Second: 's', Minute: 'min', Hour: 'h' };
const SQL_METHODS = new Set(['Exec', 'ExecContext', 'Query', 'QueryContext', 'QueryRow', 'QueryRowContext', 'Raw', 'MustExec', 'MustExecContext', 'Select', 'Get', 'NamedExec', 'NamedExecContext', 'Prepare', 'PrepareContext', 'SelectContext', 'GetContext']);
const ENV_CALL = /^(?:os\.(?:Getenv|LookupEnv)|viper\.Get\w*|env\.\w+)$/;
const GO_TYPES: Record<string, string> = { string: 'text', 'time.Time': 'timestamptz', int: 'bigint', int64: 'bigint', int32: 'integer', uint: 'bigint', bool: 'boolean', 'net.IP': 'inet', float64: 'double precision' };

function stringValue(node: Node): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  return node.text.slice(1, -1).replace(/\\(["\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function calleeText(call: Node): string {
  return field(call, 'function')?.text ?? '';
}

const SYNTAX: ExprSyntax = {
  numbers: new Set(['int_literal', 'float_literal']), wrappers: new Set(['expression_list', 'parenthesized_expression']), unary: new Set(['unary_expression']),
  binary: new Set(['binary_expression']), names: new Set(['identifier']),
};

function expr(node: Node, depth: number): Expr {
  const shared = sharedExpr(node, depth, SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return { k: 'str', v: stringValue(node) ?? '' };
    case 'selector_expression': {
      const operand = field(node, 'operand');
      const name = field(node, 'field')?.text ?? '';
      if (operand?.text === 'time' && TIME_UNITS[name]) return amountOf({ k: 'num', v: 1 }, TIME_UNITS[name]);
      return operand ? { k: 'prop', e: expr(operand, next), name } : unknown('a selector is not evaluated');
    }
    case 'call_expression': {
      const fn = calleeText(node);
      const args = namedChildren(field(node, 'arguments') ?? node);
      if (ENV_CALL.test(fn)) return fromEnvironment(node.text);
      const env = args.find((a) => a.type === 'call_expression' && ENV_CALL.test(calleeText(a)));
      if (env) return fromEnvironment(env.text);
      // A conversion keeps the value: time.Duration(14) * 24 * time.Hour
      if (/^(?:time\.Duration|int(?:32|64)?|uint(?:32|64)?|float64)$/.test(fn) && args.length === 1) return expr(args[0], next);
      return unknown(`the call ${fn || 'of a function'}(…) is not evaluated (only literals, arithmetic, time units and constants are)`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, time units and constants are)`);
  }
}

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  const gomod = files.goModule(file);
  for (const st of namedChildren(root)) {
    if (st.type === 'const_declaration' || st.type === 'var_declaration') {
      let previous: Node | undefined;
      for (const spec of namedChildren(st)) {
        if (spec.type !== 'const_spec' && spec.type !== 'var_spec') continue;
        // `const ( A = 14; B )`: a spec with no value repeats the one above (iota aside)
        const value = field(spec, 'value') ?? (spec.type === 'const_spec' ? previous : undefined);
        if (field(spec, 'value')) previous = field(spec, 'value');
        for (const name of spec.childrenForFieldName('name')) {
          if (!name) continue;
          const e: Expr = value ? expr(value, 0) : unknown(`${name.text} has no value`);
          mod.consts.push([name.text, { expr: spec.type === 'var_spec' ? changeable(name.text, VAR, e) : e }]);
          if (/^[A-Z]/.test(name.text)) mod.exports.push([name.text, name.text]);
        }
      }
    } else if (st.type === 'import_declaration') {
      for (const spec of st.descendantsOfType('import_spec')) {
        const pathNode = spec ? field(spec, 'path') : undefined;
        const path = pathNode ? stringValue(pathNode) : undefined;
        if (!spec || !path || !gomod || !(path === gomod.path || path.startsWith(`${gomod.path}/`))) continue;
        const dir = [gomod.dir, path.slice(gomod.path.length + 1)].filter(Boolean).join('/');
        const target = files.inDir(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort()[0];
        const local = field(spec, 'name')?.text ?? path.slice(path.lastIndexOf('/') + 1);
        if (target) mod.imports.push({ local, module: relativeSpecifier(file, target), imported: '*' });
      }
    }
  }
  return mod;
}

function gormTag(field_: Node): string | undefined {
  const tag = field(field_, 'tag');
  return tag ? /gorm:"([^"]*)"/.exec(tag.text)?.[1] : undefined;
}

function models(root: Node): Model[] {
  const tableNames = new Map<string, string>();
  for (const m of root.descendantsOfType('method_declaration')) {
    if (!m || field(m, 'name')?.text !== 'TableName') continue;
    const receiver = field(m, 'receiver')?.descendantsOfType('type_identifier')[0]?.text;
    const ret = field(m, 'body')?.descendantsOfType(['interpreted_string_literal', 'raw_string_literal'])[0];
    const value = ret ? stringValue(ret) : undefined;
    if (receiver && value) tableNames.set(receiver, value);
  }
  const out: Model[] = [];
  for (const spec of root.descendantsOfType('type_spec')) {
    const struct = spec && field(spec, 'type');
    const name = spec && field(spec, 'name');
    if (!spec || !name || struct?.type !== 'struct_type') continue;
    const fields = struct.descendantsOfType('field_declaration').filter((f): f is Node => f !== null && f.parent?.parent?.id === struct.id);
    const embedsModel = fields.some((f) => f.childrenForFieldName('name').length === 0 && /\bgorm\.Model$/.test(field(f, 'type')?.text ?? ''));
    if (!embedsModel && !fields.some((f) => gormTag(f) !== undefined) && !tableNames.has(name.text)) continue;
    const columns: ModelColumn[] = [];
    for (const f of fields) {
      const tag = gormTag(f) ?? '';
      if (/(?:^|;)\s*-\s*(?:;|$)/.test(tag)) continue;
      const explicit = /(?:^|;)\s*column:([^;]+)/.exec(tag)?.[1]?.trim();
      const type = /(?:^|;)\s*type:([^;]+)/.exec(tag)?.[1]?.trim().toLowerCase() ?? GO_TYPES[field(f, 'type')?.text.replace(/^\*/, '') ?? ''];
      for (const n of f.childrenForFieldName('name')) {
        if (!n) continue;
        columns.push({ key: n.text, column: explicit ?? snakeCase(n.text), ...(type ? { sqlType: type } : {}), node: f, nameNode: n });
      }
    }
    const table = tableNames.get(name.text) ?? plural(snakeCase(name.text));
    const node = spec.parent?.type === 'type_declaration' && namedChildren(spec.parent).length === 1 ? spec : spec;
    out.push({ orm: 'gorm', node, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns });
  }
  return out;
}

/** `fmt.Sprintf("DELETE … interval '%d days'", keepDays)`: the call is the text. */
function formatted(str: Node): { node: Node; text: StringText } | undefined {
  const args = str.parent;
  const call = args?.parent;
  if (args?.type !== 'argument_list' || call?.type !== 'call_expression' || !/^fmt\.Sprintf$/.test(calleeText(call))) return undefined;
  const [format, ...values] = namedChildren(args);
  const v = format?.id === str.id ? stringValue(str) : undefined;
  const text = v === undefined ? undefined : printf(v, values);
  return text ? { node: call, text } : undefined;
}

export const go: LanguageModule = {
  id: 'go',
  label: 'Go',
  files: /\.go$/,
  wasm: 'tree-sitter-go/tree-sitter-go.wasm',
  comments: new Set(['comment']),
  strings: new Set(['interpreted_string_literal', 'raw_string_literal']),
  concatenation: { types: new Set(['binary_expression']), operators: new Set(['+']) },
  calls: new Set(['call_expression']),
  modelMarkers: /\bgorm[.:]/,
  unwrap(node) {
    if (node.type === 'const_declaration' || node.type === 'var_declaration' || node.type === 'type_declaration') {
      const specs = namedChildren(node);
      if (specs.length === 1) return specs[0];
    }
    return node;
  },
  declaration(node): Declaration | undefined {
    switch (node.type) {
      case 'function_declaration':
      case 'method_declaration': {
        const name = field(node, 'name');
        if (!name) return undefined;
        const receiver = node.type === 'method_declaration' ? field(node, 'receiver')?.descendantsOfType('type_identifier')[0]?.text : undefined;
        return { kind: 'function', name: receiver ? `${receiver}.${name.text}` : name.text, nameNode: name };
      }
      case 'const_spec':
      case 'var_spec': {
        const name = field(node, 'name');
        if (!name) return undefined;
        return { kind: node.type === 'const_spec' ? 'constant' : 'variable', name: name.text, nameNode: name, value: field(node, 'value'), ...(node.type === 'var_spec' ? { mutable: VAR } : {}) };
      }
      case 'type_spec': {
        const name = field(node, 'name');
        return name ? { kind: 'class', name: name.text, nameNode: name } : undefined;
      }
      case 'field_declaration': {
        const name = field(node, 'name');
        return name ? { kind: 'property', name: name.text, nameNode: name } : undefined;
      }
      default:
        return undefined;
    }
  },
  scopeName(node) {
    return node.type === 'type_spec' ? field(node, 'name')?.text : undefined;
  },
  expr,
  formatted,
  stringText(node) {
    const v = stringValue(node);
    return v === undefined ? undefined : { text: v };
  },
  sqlCall(call) {
    const fn = field(call, 'function');
    return fn?.type === 'selector_expression' && SQL_METHODS.has(field(fn, 'field')?.text ?? '');
  },
  // bun's and goose's `down := func(ctx context.Context, db *bun.DB) error { … }`
  downDirection(node) {
    if (node.type !== 'short_var_declaration' && node.type !== 'assignment_statement') return false;
    const left = field(node, 'left');
    return left !== null && left !== undefined && DOWN_NAME.test(left.text);
  },
  module,
  models,
};

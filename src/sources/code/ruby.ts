import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import {
  amountOf, conventionalImports, field, fromEnvironment, namedChildren, plural, qualifiedTable, relativeSpecifier, snakeCase, unknown,
  sharedExpr, type Declaration, type ExprSyntax, type FileIndex, type LanguageModule, type Model, type ModelColumn,
} from './model.js';
import { dirOf } from './resolve.js';

/**
 * Ruby: `#` comments; constants in modules and classes; ActiveSupport's `14.days`; `ENV[…]` and
 * `ENV.fetch` as unknown; tables as Rails defines them (db/schema.rb and migrations' `create_table`).
 */
const UNITS: Record<string, 's' | 'min' | 'h' | 'd' | 'w'> = { second: 's', seconds: 's', minute: 'min', minutes: 'min', hour: 'h', hours: 'h', day: 'd', days: 'd', week: 'w', weeks: 'w' };
const SQL_METHODS = new Set(['execute', 'exec_query', 'exec_delete', 'exec_update', 'find_by_sql', 'select_all', 'select_value', 'select_values', 'sanitize_sql']);
const RAILS_TYPES: Record<string, string> = { string: 'varchar', text: 'text', citext: 'text', bigserial: 'bigserial', serial: 'serial', time: 'time', numeric: 'numeric', real: 'real', primary_key: 'bigserial', inet: 'inet', cidr: 'cidr', datetime: 'timestamp', timestamp: 'timestamp', date: 'date', integer: 'integer', bigint: 'bigint', boolean: 'boolean', uuid: 'uuid', jsonb: 'jsonb', json: 'json', decimal: 'numeric', float: 'double precision', binary: 'bytea' };

function stringValue(node: Node): string | undefined {
  if (node.type === 'simple_symbol') return node.text.slice(1);
  if (node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence').map((c) => c?.text ?? '').join('');
}

const isEnv = (n: Node | undefined): boolean => !!n && /^(?:::)?ENV\b/.test(n.text);

const SYNTAX: ExprSyntax = {
  numbers: new Set(['integer', 'float']), wrappers: new Set(['parenthesized_statements']), unary: new Set(['unary']),
  binary: new Set(['binary']), names: new Set(['constant', 'identifier']),
};

function expr(node: Node, depth: number): Expr {
  const shared = sharedExpr(node, depth, SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'string': {
      const v = stringValue(node);
      return v === undefined ? unknown('a string with interpolation is not evaluated') : { k: 'str', v };
    }
    case 'scope_resolution': {
      const scope = field(node, 'scope');
      const name = field(node, 'name')?.text ?? '';
      return scope ? { k: 'prop', e: expr(scope, next), name } : { k: 'ref', name };
    }
    case 'element_reference':
      return isEnv(field(node, 'object')) ? fromEnvironment(node.text) : unknown('an element reference is not evaluated');
    case 'call': {
      const receiver = field(node, 'receiver');
      const method = field(node, 'method')?.text ?? '';
      if (isEnv(receiver) || isEnv(node)) return fromEnvironment(node.text);
      if (receiver && UNITS[method]) return amountOf(expr(receiver, next), UNITS[method]);
      if (receiver && (method === 'to_i' || method === 'to_f' || method === 'in_seconds')) {
        const inner = expr(receiver, next);
        return receiver.type === 'call' && UNITS[field(receiver, 'method')?.text ?? ''] ? { k: 'to', e: inner, unit: 's' } : inner;
      }
      return unknown(`the call ${method || 'of a method'} is not evaluated (only literals, arithmetic, 14.days and constants are)`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, 14.days and constants are)`);
  }
}

/** Constants of a module or class body (and of its nested modules), as an object. */
function constants(body: Node | undefined, depth = 0): Array<[string, Expr]> {
  const props: Array<[string, Expr]> = [];
  if (!body || depth > 20) return props;
  for (const st of namedChildren(body)) {
    const left = st.type === 'assignment' ? field(st, 'left') : undefined;
    const right = st.type === 'assignment' ? field(st, 'right') : undefined;
    if (left?.type === 'constant' && right) props.push([left.text, expr(right, 0)]);
    else if (st.type === 'module' || st.type === 'class') {
      const name = field(st, 'name')?.text;
      if (name) props.push([name, { k: 'obj', props: constants(bodyOf(st), depth + 1) }]);
    }
  }
  return props;
}

function bodyOf(node: Node): Node | undefined {
  return field(node, 'body') ?? namedChildren(node).find((c) => c.type === 'body_statement');
}

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  const top = constants(root);
  for (const [name, e] of top) {
    mod.consts.push([name, { expr: e }]);
    mod.exports.push([name, name]);
  }
  // Inside `module Retention`, its constants are named without the module.
  const flatten = (props: Array<[string, Expr]>, depth: number): void => {
    for (const [name, e] of props) {
      if (e.k === 'obj' && depth < 20) flatten(e.props, depth + 1);
      else if (!mod.consts.some(([n]) => n === name)) mod.consts.push([name, { expr: e }]);
    }
  };
  flatten(top, 0);
  const left = conventionalImports(mod, file, files, (name) => `${snakeCase(name)}.rb`);
  // `require_relative 'limits'`, `require 'app/limits'`: the constants of the required files (and of
  // the files they require) are visible here; a name no convention found is looked up through them.
  const required = requiredFiles(root, file, files);
  for (const f of required) mod.reexports.push({ module: relativeSpecifier(file, f) });
  if (required.length > 0) for (const name of left) mod.imports.push({ local: name, module: relativeSpecifier(file, file), imported: name });
  return mod;
}

/** The repository files a file's top-level `require_relative` and `require` calls load (gems and unknown paths are left out). */
function requiredFiles(root: Node, file: string, files: FileIndex): string[] {
  const out: string[] = [];
  for (const call of root.namedChildren) {
    const method = call?.type === 'call' && !field(call, 'receiver') ? field(call, 'method')?.text : undefined;
    const arg = method === 'require' || method === 'require_relative' ? namedChildren(field(call as Node, 'arguments') ?? (call as Node))[0] : undefined;
    const path = arg && stringValue(arg)?.replace(/\.rb$/, '');
    if (!path) continue;
    if (method === 'require_relative') {
      const parts: string[] = dirOf(file) ? dirOf(file).split('/') : [];
      for (const p of `${path}.rb`.split('/')) {
        if (p === '..') parts.pop();
        else if (p !== '.' && p !== '') parts.push(p);
      }
      const target = parts.join('/');
      if (files.has(target)) out.push(target);
      continue;
    }
    // `require 'app/limits'` searches the load path: a repository file ending so, when only one does (lib/ first)
    const found = [...(files.has(`${path}.rb`) ? [`${path}.rb`] : []), ...files.endingWith(`/${path}.rb`)];
    const inLib = found.filter((f) => f === `lib/${path}.rb` || f.endsWith(`/lib/${path}.rb`));
    const target = found.length === 1 ? found[0] : inLib.length === 1 ? inLib[0] : undefined;
    if (target && target !== file) out.push(target);
  }
  return [...new Set(out)].filter((f) => f !== file).sort();
}

/**
 * ActiveRecord models (`class Message < ApplicationRecord`): a model store over the table Rails
 * names for it (`self.table_name`, else the plural of its name), whose columns db/schema.rb holds.
 */
function activeRecordModels(root: Node): Model[] {
  const out: Model[] = [];
  for (const cls of root.descendantsOfType('class')) {
    const nameNode = cls && field(cls, 'name');
    const superclass = cls && field(cls, 'superclass')?.text.replace(/^<\s*/, '');
    if (!cls || !nameNode || !superclass || !/^(?:::)?(?:ApplicationRecord|ActiveRecord::Base)$/.test(superclass)) continue;
    const name = (nameNode.type === 'scope_resolution' ? field(nameNode, 'name') : nameNode)?.text ?? nameNode.text;
    let table = plural(snakeCase(name));
    for (const a of bodyOf(cls)?.namedChildren ?? []) {
      const left = a?.type === 'assignment' ? field(a, 'left') : undefined;
      const value = a && left?.type === 'call' && field(left, 'method')?.text === 'table_name' ? field(a, 'right') : undefined;
      const explicit = value ? stringValue(value) : undefined;
      if (explicit) table = explicit;
    }
    out.push({ orm: 'activerecord', node: cls, nameNode, symbol: nameNode.text, table: qualifiedTable(table), creates: false, columns: [] });
  }
  return out;
}

/** Table-definition calls that name columns but declare none (indexes, keys, checks) */
const RAILS_NOT_COLUMNS = new Set(['index', 'timestamps', 'foreign_key', 'check_constraint', 'remove', 'rename', 'remove_index', 'remove_references', 'exclusion_constraint', 'unique_constraint']);

/** A symbol option of a call (`type: :uuid` → uuid). */
function railsOption(call: Node, name: string): string | undefined {
  for (const pair of (field(call, 'arguments') ?? call).descendantsOfType('pair')) {
    const key = pair && field(pair, 'key');
    if (!key || key.text.replace(/:$/, '').replace(/^:/, '') !== name) continue;
    const value = field(pair, 'value');
    return value ? value.text.replace(/^:/, '').replace(/^["']|["']$/g, '') : undefined;
  }
  return undefined;
}

function models(root: Node): Model[] {
  const out: Model[] = activeRecordModels(root);
  for (const call of root.descendantsOfType('call')) {
    if (!call || field(call, 'method')?.text !== 'create_table' || field(call, 'receiver')) continue;
    const args = namedChildren(field(call, 'arguments') ?? call);
    const nameNode = args[0];
    const table = nameNode ? stringValue(nameNode) : undefined;
    const block = field(call, 'block');
    if (!table || !nameNode || !block) continue;
    const columns: ModelColumn[] = [];
    for (const c of block.descendantsOfType('call')) {
      const method = c && field(c, 'method')?.text;
      const colName = c && namedChildren(field(c, 'arguments') ?? c)[0];
      const column = colName ? stringValue(colName) : undefined;
      if (!c || !method || !colName || !column || field(c, 'receiver')?.type !== 'identifier' || RAILS_NOT_COLUMNS.has(method)) continue;
      if (method === 'references' || method === 'belongs_to') {
        // `t.references :user` is the column user_id (bigint unless `type:` says otherwise)
        const type = railsOption(c, 'type');
        columns.push({ key: `${column}_id`, column: `${column}_id`, sqlType: (type && RAILS_TYPES[type]) ?? 'bigint', node: c, nameNode: colName });
        continue;
      }
      columns.push({ key: column, column, ...(RAILS_TYPES[method] ? { sqlType: RAILS_TYPES[method] } : {}), node: c, nameNode: colName });
    }
    out.push({ orm: 'rails', node: call, nameNode, symbol: table, table: qualifiedTable(table), creates: true, columns });
  }
  return out;
}

export const ruby: LanguageModule = {
  id: 'ruby',
  label: 'Ruby',
  files: /\.rb$/,
  wasm: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
  comments: new Set(['comment']),
  strings: new Set(['string', 'chained_string', 'heredoc_body']),
  concatenation: { types: new Set(['binary']), operators: new Set(['+']) },
  calls: new Set(['call']),
  modelMarkers: /\bcreate_table\b|<\s*(?:ApplicationRecord|ActiveRecord::Base)\b/,
  unwrap(node) {
    return node.type === 'body_statement' ? namedChildren(node)[0] ?? node : node;
  },
  declaration(node): Declaration | undefined {
    if (node.type === 'method' || node.type === 'singleton_method') {
      const name = field(node, 'name');
      return name ? { kind: 'function', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'class' || node.type === 'module') {
      const name = field(node, 'name');
      return name ? { kind: 'class', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'assignment') {
      const left = field(node, 'left');
      if (!left) return undefined;
      const constant = left.type === 'constant';
      return { kind: constant ? 'constant' : 'variable', name: left.text, nameNode: left, value: field(node, 'right'), ...(constant ? {} : { mutable: 'a local variable (name it as a constant, in capitals)' }) };
    }
    return undefined;
  },
  scopeName(node) {
    return node.type === 'class' || node.type === 'module' ? field(node, 'name')?.text : undefined;
  },
  expr,
  stringText(node) {
    if (node.type === 'heredoc_body') return { text: node.namedChildren.filter((c) => c?.type === 'heredoc_content').map((c) => c?.text ?? '').join('') };
    const parts: string[] = [''];
    const exprs: Node[] = [];
    // `"INSERT INTO t (a)" \ "SELECT …"`: a chained string is one literal
    const pieces = node.type === 'chained_string' ? namedChildren(node).flatMap((p) => p.namedChildren) : node.namedChildren;
    for (const c of pieces) {
      if (!c) continue;
      if (c.type === 'string_content' || c.type === 'escape_sequence') parts[parts.length - 1] += c.text;
      else if (c.type === 'interpolation') {
        const e = namedChildren(c)[0];
        if (e) exprs.push(e);
        parts.push('');
      }
    }
    return exprs.length > 0 ? { text: parts.join(''), template: { parts, exprs } } : { text: parts[0] };
  },
  sqlCall(call) {
    return SQL_METHODS.has(field(call, 'method')?.text ?? '');
  },
  module,
  models,
};

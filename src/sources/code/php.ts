import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import {
  amountOf, conventionalImports, field, fromEnvironment, namedChildren, plural, qualifiedTable, snakeCase, unknown,
  sharedExpr, type Declaration, type ExprSyntax, type FileIndex, type LanguageModule, type Model, type ModelColumn,
} from './model.js';

/**
 * PHP: `//`, `#`, `/* *\/` and PHPDoc; `const` and class constants; `new DateInterval('P14D')`,
 * `CarbonInterval::days(14)`; `env()`/`getenv()` as unknown; Laravel migrations' `Schema::create`;
 * Doctrine entities (`#[ORM\Entity]`, `#[ORM\Table]`, `#[ORM\Column]`, Symfony's snake_case naming).
 */
const CARBON: Record<string, 's' | 'min' | 'h' | 'd' | 'w'> = { seconds: 's', minutes: 'min', hours: 'h', days: 'd', weeks: 'w', second: 's', minute: 'min', hour: 'h', day: 'd', week: 'w' };
const SQL_METHODS = new Set(['statement', 'unprepared', 'select', 'delete', 'update', 'insert', 'exec', 'query', 'prepare', 'executeStatement', 'executeQuery', 'raw', 'whereRaw']);
const LARAVEL_TYPES: Record<string, string> = {
  string: 'varchar', char: 'varchar', text: 'text', tinyText: 'text', mediumText: 'text', longText: 'text', ipAddress: 'varchar', macAddress: 'varchar',
  timestamp: 'timestamp', timestampTz: 'timestamptz', dateTime: 'timestamp', dateTimeTz: 'timestamptz', date: 'date', time: 'time', year: 'integer',
  integer: 'integer', tinyInteger: 'integer', smallInteger: 'integer', mediumInteger: 'integer', bigInteger: 'bigint', unsignedInteger: 'integer',
  unsignedTinyInteger: 'integer', unsignedSmallInteger: 'integer', unsignedMediumInteger: 'integer', unsignedBigInteger: 'bigint',
  increments: 'serial', bigIncrements: 'bigserial', id: 'bigserial', foreignId: 'bigint', foreignUuid: 'uuid', foreignUlid: 'varchar',
  boolean: 'boolean', uuid: 'uuid', ulid: 'varchar', json: 'json', jsonb: 'jsonb', decimal: 'numeric', float: 'double precision',
  double: 'double precision', binary: 'bytea', enum: 'enum',
};
/** Blueprint calls that name columns but declare none: indexes, keys, drops, renames */
const LARAVEL_NOT_COLUMNS = new Set([
  'primary', 'index', 'unique', 'fullText', 'spatialIndex', 'rawIndex', 'foreign', 'dropColumn', 'dropColumns', 'dropIndex', 'dropUnique',
  'dropPrimary', 'dropForeign', 'dropFullText', 'dropSpatialIndex', 'renameColumn', 'renameIndex', 'dropIfExists', 'comment', 'engine',
  'charset', 'collation', 'after', 'dropMorphs', 'dropTimestamps', 'dropSoftDeletes',
]);

function stringValue(node: Node): string | undefined {
  if (node.type !== 'string' && node.type !== 'encapsed_string') return undefined;
  if (node.namedChildren.some((c) => c && c.type !== 'string_content' && c.type !== 'escape_sequence')) return undefined;
  return node.namedChildren.map((c) => (c?.type === 'escape_sequence' ? unescape(c.text) : (c?.text ?? ''))).join('');
}

/**
 * The character an escape stands for, as PHP reads it (`\'` in a single-quoted SQL string is a quote:
 * Doctrine migrations write `DEFAULT \'u\'`). A newline escape reads as a space, so a statement's
 * lines stay the file's lines.
 */
function unescape(seq: string): string {
  const c = seq.slice(1);
  if (c === 'n' || c === 'r' || c === 'v' || c === 'f') return ' ';
  if (c === 't') return '\t';
  if (c === "'" || c === '"' || c === '\\' || c === '$') return c;
  return seq;
}

function args(call: Node): Node[] {
  const list = field(call, 'arguments') ?? namedChildren(call).find((c) => c.type === 'arguments');
  return (list ? namedChildren(list) : []).map((a) => (a.type === 'argument' ? namedChildren(a).at(-1) ?? a : a));
}

const SYNTAX: ExprSyntax = {
  numbers: new Set(['integer', 'float']), wrappers: new Set(['parenthesized_expression']), unary: new Set(['unary_op_expression']),
  binary: new Set(['binary_expression']), names: new Set(['name']),
};

function expr(node: Node, depth: number): Expr {
  const shared = sharedExpr(node, depth, SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'string':
    case 'encapsed_string': {
      const v = stringValue(node);
      return v === undefined ? unknown('a string with interpolation is not evaluated') : { k: 'str', v };
    }
    case 'class_constant_access_expression': {
      const [scope, name] = namedChildren(node);
      if (!scope || !name) return unknown('a class constant is not evaluated');
      return scope.text === 'self' || scope.text === 'static' ? { k: 'ref', name: name.text } : { k: 'prop', e: { k: 'ref', name: scope.text.replace(/^.*\\/, '') }, name: name.text };
    }
    case 'object_creation_expression': {
      const cls = namedChildren(node).find((c) => c.type === 'name' || c.type === 'qualified_name')?.text.replace(/^.*\\/, '');
      const a = args(node);
      if (cls === 'DateInterval' && a.length === 1) return expr(a[0], next);
      return unknown(`new ${cls ?? '…'}(…) is not evaluated`);
    }
    case 'function_call_expression': {
      const fn = field(node, 'function')?.text.replace(/^\\/, '') ?? '';
      const a = args(node);
      if (fn === 'env' || fn === 'getenv' || a.some((x) => /^\\?(?:env|getenv)\s*\(/.test(x.text))) return fromEnvironment(node.text);
      if ((fn === 'intval' || fn === 'floatval') && a.length >= 1) return expr(a[0], next);
      return unknown(`the call ${fn}(…) is not evaluated (only literals, arithmetic, DateInterval, CarbonInterval and constants are)`);
    }
    case 'scoped_call_expression': {
      const scope = field(node, 'scope')?.text.replace(/^.*\\/, '') ?? '';
      const name = field(node, 'name')?.text ?? '';
      const a = args(node);
      if (scope === 'CarbonInterval' && CARBON[name] && a.length === 1) return amountOf(expr(a[0], next), CARBON[name]);
      return unknown(`the call ${scope}::${name}(…) is not evaluated`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, DateInterval, CarbonInterval and constants are)`);
  }
}

function constElements(node: Node): Array<{ name: Node; value?: Node }> {
  return namedChildren(node).filter((c) => c.type === 'const_element').map((c) => {
    const [name, value] = namedChildren(c);
    return { name, value };
  });
}

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  const visit = (list: Node[]): void => {
    for (const st of list) {
      if (st.type === 'const_declaration') {
        for (const c of constElements(st)) mod.consts.push([c.name.text, { expr: c.value ? expr(c.value, 0) : unknown(`${c.name.text} has no value`) }]);
      } else if (st.type === 'class_declaration' || st.type === 'interface_declaration' || st.type === 'enum_declaration') {
        const name = field(st, 'name')?.text;
        const body = field(st, 'body');
        if (!name || !body) continue;
        const props: Array<[string, Expr]> = [];
        for (const d of namedChildren(body)) {
          if (d.type !== 'const_declaration') continue;
          for (const c of constElements(d)) {
            const e = c.value ? expr(c.value, 0) : unknown(`${c.name.text} has no value`);
            props.push([c.name.text, e]);
            mod.consts.push([c.name.text, { expr: e }]); // self::NAME
          }
        }
        mod.consts.push([name, { expr: { k: 'obj', props } }]);
        mod.exports.push([name, name]);
      } else if (st.type === 'namespace_definition') {
        const body = field(st, 'body');
        if (body) visit(namedChildren(body));
      }
    }
  };
  visit(namedChildren(root));
  conventionalImports(mod, file, files, (name) => `${name}.php`);
  return mod;
}

const DOCTRINE_TYPES: Record<string, string> = {
  string: 'varchar', text: 'text', datetime: 'timestamp', datetime_immutable: 'timestamp', datetimetz: 'timestamptz', datetimetz_immutable: 'timestamptz',
  date: 'date', date_immutable: 'date', integer: 'integer', bigint: 'bigint', boolean: 'boolean', guid: 'uuid', json: 'json', decimal: 'numeric', int: 'integer', bool: 'boolean',
  DateTimeImmutable: 'timestamp', DateTimeInterface: 'timestamp', DateTime: 'timestamp',
};

/** A PHP 8 attribute of a declaration (`#[ORM\Column(…)]`), by its last name. */
function phpAttribute(node: Node, name: string): Node | undefined {
  const list = field(node, 'attributes');
  for (const a of list?.descendantsOfType('attribute') ?? []) {
    const n = a && namedChildren(a).find((c) => c.type === 'qualified_name' || c.type === 'name');
    if (a && n?.text.replace(/^.*\\/, '') === name) return a;
  }
  return undefined;
}

function attributeString(a: Node | undefined, key: string): string | undefined {
  const args = a && field(a, 'parameters');
  for (const arg of args ? namedChildren(args) : []) {
    if (arg.type !== 'argument') continue;
    const argName = field(arg, 'name')?.text;
    const value = namedChildren(arg).at(-1);
    if ((argName === key || (!argName && key === 'name')) && value) return stringValue(value);
  }
  return undefined;
}

function doctrineEntities(root: Node): Model[] {
  const out: Model[] = [];
  for (const cls of root.descendantsOfType('class_declaration')) {
    const name = cls && field(cls, 'name');
    const body = cls && field(cls, 'body');
    if (!cls || !name || !body || !phpAttribute(cls, 'Entity')) continue;
    const table = attributeString(phpAttribute(cls, 'Table'), 'name') ?? snakeCase(name.text);
    const columns: ModelColumn[] = [];
    for (const p of namedChildren(body)) {
      const col = p.type === 'property_declaration' ? phpAttribute(p, 'Column') ?? phpAttribute(p, 'JoinColumn') : undefined;
      const el = col && namedChildren(p).find((c) => c.type === 'property_element');
      const pname = el && field(el, 'name');
      if (!col || !pname) continue;
      const key = pname.text.replace(/^\$/, '');
      const isJoin = phpAttribute(p, 'Column') === undefined;
      const column = attributeString(col, 'name') ?? (isJoin ? `${snakeCase(key)}_id` : snakeCase(key));
      const declared = attributeString(col, 'type') ?? field(p, 'type')?.text.replace(/^\?/, '');
      const sqlType = declared ? DOCTRINE_TYPES[declared] : undefined;
      columns.push({ key, column, ...(sqlType ? { sqlType } : {}), node: p, nameNode: pname });
    }
    out.push({ orm: 'doctrine', node: cls, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns });
  }
  return out;
}

/** Eloquent models (`class Message extends Model`): a model store over `$table`, else the plural snake_case of the name. */
function eloquentModels(root: Node): Model[] {
  const out: Model[] = [];
  for (const cls of root.descendantsOfType('class_declaration')) {
    const name = cls && field(cls, 'name');
    const base = cls && namedChildren(cls).find((c) => c.type === 'base_clause')?.text.replace(/^extends\s+/, '').replace(/^.*\\/, '');
    const body = cls && field(cls, 'body');
    if (!cls || !name || !body || (base !== 'Model' && base !== 'Authenticatable' && base !== 'Pivot')) continue;
    let table = plural(snakeCase(name.text));
    for (const p of namedChildren(body)) {
      const el = p.type === 'property_declaration' ? namedChildren(p).find((c) => c.type === 'property_element') : undefined;
      const value = el && field(el, 'name')?.text === '$table' ? field(el, 'default_value') : undefined;
      const explicit = value ? stringValue(value) : undefined;
      if (explicit) table = explicit;
    }
    out.push({ orm: 'eloquent', node: cls, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns: [] });
  }
  return out;
}

function models(root: Node): Model[] {
  const out: Model[] = [...doctrineEntities(root), ...eloquentModels(root)];
  for (const call of root.descendantsOfType('scoped_call_expression')) {
    const verb = call && field(call, 'name')?.text;
    // Schema::create makes a table; Schema::table adds columns to one made earlier
    if (!call || field(call, 'scope')?.text.replace(/^.*\\/, '') !== 'Schema' || (verb !== 'create' && verb !== 'table')) continue;
    const [nameNode, fn] = args(call);
    const table = nameNode ? stringValue(nameNode) : undefined;
    if (!table || !nameNode || !fn) continue;
    const columns: ModelColumn[] = [];
    for (const c of fn.descendantsOfType('member_call_expression')) {
      const method = c && field(c, 'name')?.text;
      const colName = c && args(c)[0];
      const column = colName ? stringValue(colName) : undefined;
      if (!c || !method || !colName || !column || field(c, 'object')?.type !== 'variable_name' || LARAVEL_NOT_COLUMNS.has(method)) continue;
      // `$table->string('name', 100)->change()` changes a column made earlier
      if (c.parent?.type === 'member_call_expression' && field(c.parent, 'name')?.text === 'change') continue;
      const stmt = c.parent?.type === 'expression_statement' ? c.parent : c;
      columns.push({ key: column, column, ...(LARAVEL_TYPES[method] ? { sqlType: LARAVEL_TYPES[method] } : {}), node: stmt, nameNode: colName });
    }
    const stmt = call.parent?.type === 'expression_statement' ? call.parent : call;
    out.push({ orm: 'laravel', node: stmt, nameNode, symbol: table, table: qualifiedTable(table), creates: verb === 'create', ...(verb === 'table' ? { adds: true } : {}), columns });
  }
  return out;
}

export const php: LanguageModule = {
  id: 'php',
  label: 'PHP',
  files: /\.php$/,
  wasm: 'tree-sitter-php/tree-sitter-php.wasm',
  comments: new Set(['comment']),
  strings: new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc']),
  concatenation: { types: new Set(['binary_expression']), operators: new Set(['.']) },
  calls: new Set(['function_call_expression', 'member_call_expression', 'scoped_call_expression']),
  modelMarkers: /\bSchema::(?:create|table)\s*\(|#\[(?:ORM\\)?Entity\b|\bextends\s+(?:Model|Authenticatable|Pivot)\b/,
  declaration(node): Declaration | undefined {
    if (node.type === 'function_definition' || node.type === 'method_declaration') {
      const name = field(node, 'name');
      return name ? { kind: 'function', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'class_declaration' || node.type === 'interface_declaration' || node.type === 'trait_declaration' || node.type === 'enum_declaration') {
      const name = field(node, 'name');
      return name ? { kind: 'class', name: name.text, nameNode: name } : undefined;
    }
    if (node.type === 'const_declaration') {
      const [c] = constElements(node);
      return c ? { kind: 'constant', name: c.name.text, nameNode: c.name, value: c.value } : undefined;
    }
    if (node.type === 'property_declaration') {
      const el = namedChildren(node).find((c) => c.type === 'property_element');
      const name = el && field(el, 'name');
      return el && name ? { kind: 'property', name: name.text.replace(/^\$/, ''), nameNode: name, value: field(el, 'default_value'), mutable: 'a property (declare it const)' } : undefined;
    }
    return undefined;
  },
  scopeName(node) {
    return node.type === 'class_declaration' || node.type === 'method_declaration' ? field(node, 'name')?.text : undefined;
  },
  expr,
  stringText(node) {
    if (node.type === 'heredoc' || node.type === 'nowdoc') {
      const body = namedChildren(node).find((c) => c.type === 'heredoc_body' || c.type === 'nowdoc_body');
      // (the grammar's body starts with the line break after the label, which is no part of the string's value)
      return body && body.namedChildren.every((c) => c?.type === 'string_content' || c?.type === 'nowdoc_string' || c?.type === 'escape_sequence') ? { text: body.text.replace(/^\r?\n/, '') } : undefined;
    }
    const v = stringValue(node);
    return v === undefined ? undefined : { text: v };
  },
  sqlCall(call) {
    return SQL_METHODS.has(field(call, 'name')?.text ?? '');
  },
  module,
  models,
};

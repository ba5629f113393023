import type { Node } from 'web-tree-sitter';
import type { Expr, ModuleTable } from '../typescript/model.js';
import {
  amountOf, childOfType, field, fromEnvironment, namedChildren, printf, qualifiedTable, relativeSpecifier, sharedExpr, unknown, type ExprSyntax,
  type Declaration, type FileIndex, type LanguageModule, type Model, type ModelColumn, type StringText,
} from './model.js';

/**
 * Python: `#` comments and docstrings; module constants and class attributes; `timedelta(days=14)`;
 * `os.environ`/`os.getenv` as unknown; Django models (Meta.db_table) and SQLAlchemy declarative models.
 */
const TIMEDELTA_UNITS: Record<string, 'w' | 'd' | 'h' | 'min' | 's' | 'ms' | 'us'> = { weeks: 'w', days: 'd', hours: 'h', minutes: 'min', seconds: 's', milliseconds: 'ms', microseconds: 'us' };
const SQL_METHODS = new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql', 'raw', 'text', 'fetch', 'fetchrow', 'fetchval', 'RunSQL', 'run_sql', 'mogrify']);
const DJANGO_TYPES: Record<string, string> = {
  CharField: 'varchar', EmailField: 'varchar', SlugField: 'varchar', URLField: 'varchar', TextField: 'text', GenericIPAddressField: 'inet', IPAddressField: 'inet',
  DateTimeField: 'timestamptz', DateField: 'date', IntegerField: 'integer', BigIntegerField: 'bigint', PositiveIntegerField: 'integer', SmallIntegerField: 'smallint',
  BooleanField: 'boolean', UUIDField: 'uuid', JSONField: 'jsonb', DecimalField: 'numeric', FloatField: 'double precision', BinaryField: 'bytea',
  ForeignKey: 'bigint', OneToOneField: 'bigint', AutoField: 'integer', BigAutoField: 'bigint',
};
const SQLALCHEMY_TYPES: Record<string, string> = {
  string: 'varchar', unicode: 'varchar', text: 'text', unicodetext: 'text', datetime: 'timestamp', date: 'date', integer: 'integer', biginteger: 'bigint',
  smallinteger: 'smallint', boolean: 'boolean', uuid: 'uuid', json: 'json', jsonb: 'jsonb', inet: 'inet', cidr: 'cidr', numeric: 'numeric', float: 'double precision', largebinary: 'bytea',
};

function stringValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence').map((c) => c?.text ?? '').join('');
}

function calleeName(call: Node): string {
  const fn = field(call, 'function');
  if (!fn) return '';
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return field(fn, 'attribute')?.text ?? '';
  return '';
}

function isEnvironmentRead(node: Node): boolean {
  const t = node.text;
  return /^(?:os\.environ\b|os\.getenv\b|environ\b|getenv\b|env(?:\.\w+)?\s*\(|config\s*\()/.test(t);
}

function assignmentOf(stmt: Node): Node | undefined {
  if (stmt.type === 'assignment') return stmt;
  if (stmt.type !== 'expression_statement') return undefined;
  const a = stmt.namedChild(0);
  return a?.type === 'assignment' ? a : undefined;
}

const SYNTAX: ExprSyntax = {
  numbers: new Set(['integer', 'float']), wrappers: new Set(['parenthesized_expression']), unary: new Set(['unary_operator']),
  binary: new Set(['binary_operator']), names: new Set(['identifier']),
};

function expr(node: Node, depth: number): Expr {
  const shared = sharedExpr(node, depth, SYNTAX, expr);
  if (shared) return shared;
  const next = depth + 1;
  switch (node.type) {
    case 'string': {
      const v = stringValue(node);
      return v === undefined ? unknown('an f-string is not evaluated') : { k: 'str', v };
    }
    case 'attribute':
    case 'subscript': {
      if (isEnvironmentRead(node)) return fromEnvironment(node.text);
      if (node.type === 'subscript') return unknown('a subscript is not evaluated');
      const obj = field(node, 'object');
      const attr = field(node, 'attribute');
      return obj && attr ? { k: 'prop', e: expr(obj, next), name: attr.text } : unknown('an attribute is not evaluated');
    }
    case 'call': {
      if (isEnvironmentRead(node) || namedChildren(field(node, 'arguments') ?? node).some((a) => isEnvironmentRead(a))) return fromEnvironment(node.text);
      const name = calleeName(node);
      const args = namedChildren(field(node, 'arguments') ?? node);
      if (name === 'timedelta' || name === 'relativedelta') {
        let sum: Expr | undefined;
        for (const a of args) {
          const unit = a.type === 'keyword_argument' ? TIMEDELTA_UNITS[field(a, 'name')?.text ?? ''] : args.indexOf(a) === 0 ? 'd' : undefined;
          const value = a.type === 'keyword_argument' ? field(a, 'value') : a;
          if (!unit || !value) return unknown(`${name}(${a.text}) is not evaluated`);
          const part = amountOf(expr(value, next), unit === 'us' ? 'us' : unit);
          sum = sum ? { k: 'bin', op: '+', l: sum, r: part } : part;
        }
        return sum ?? { k: 'in', e: { k: 'num', v: 0 }, unit: 's' };
      }
      if ((name === 'int' || name === 'float') && args.length === 1) return expr(args[0], next);
      if (name === 'total_seconds' && args.length === 0) {
        const fn = field(node, 'function');
        const obj = fn ? field(fn, 'object') : undefined;
        return obj ? { k: 'to', e: expr(obj, next), unit: 's' } : unknown('total_seconds() of nothing');
      }
      return unknown(`the call ${name || 'of a function'}(…) is not evaluated (only literals, arithmetic, timedelta and constants are)`);
    }
    default:
      return unknown(`${node.type} is not evaluated (only literals, arithmetic, timedelta and constants are)`);
  }
}

function stringText(node: Node): StringText | undefined {
  const pieces = node.type === 'concatenated_string' ? namedChildren(node) : [node];
  const parts: string[] = [''];
  const exprs: Node[] = [];
  for (const p of pieces) {
    if (p.type !== 'string') return undefined;
    for (const c of p.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content' || c.type === 'escape_sequence') parts[parts.length - 1] += c.text;
      else if (c.type === 'interpolation') {
        const e = field(c, 'expression') ?? c.namedChild(0);
        if (e) exprs.push(e);
        parts.push('');
      }
    }
  }
  return exprs.length > 0 ? { text: parts.join(''), template: { parts, exprs } } : { text: parts[0] };
}

/** `from .config import X`, `from app.config import X`, `import app.config as cfg` → repository files. */
function resolveModule(file: string, dotted: string, dots: number, files: FileIndex): string | undefined {
  const path = dotted.split('.').filter(Boolean).join('/');
  if (dots > 0) {
    let dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (let i = 1; i < dots; i++) dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    const base = [dir, path].filter(Boolean).join('/');
    return [`${base}.py`, `${base}/__init__.py`].find((f) => files.has(f));
  }
  for (const candidate of [`${path}.py`, `${path}/__init__.py`]) {
    if (files.has(candidate)) return candidate;
    const found = files.endingWith(`/${candidate}`).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    if (found.length > 0) return found[0];
  }
  return undefined;
}

function classConsts(body: Node): Array<[string, Expr]> {
  const props: Array<[string, Expr]> = [];
  for (const st of namedChildren(body)) {
    const a = assignmentOf(st);
    const left = a && field(a, 'left');
    const right = a && field(a, 'right');
    if (left?.type === 'identifier' && right) props.push([left.text, expr(right, 0)]);
  }
  return props;
}

function module(root: Node, file: string, files: FileIndex): ModuleTable {
  const mod: ModuleTable = { consts: [], imports: [], exports: [], reexports: [] };
  for (const st of namedChildren(root)) {
    const a = assignmentOf(st);
    if (a) {
      const left = field(a, 'left');
      const right = field(a, 'right');
      if (left?.type === 'identifier') {
        mod.consts.push([left.text, { expr: right ? expr(right, 0) : unknown(`${left.text} has no value`) }]);
        mod.exports.push([left.text, left.text]);
      }
    } else if (st.type === 'class_definition') {
      const name = field(st, 'name')?.text;
      const body = field(st, 'body');
      if (name && body) {
        mod.consts.push([name, { expr: { k: 'obj', props: classConsts(body) } }]);
        mod.exports.push([name, name]);
      }
    } else if (st.type === 'import_from_statement') {
      const m = field(st, 'module_name');
      if (!m) continue;
      const dots = m.type === 'relative_import' ? (childOfType(m, 'import_prefix')?.text.length ?? 0) : 0;
      const dotted = m.type === 'relative_import' ? (childOfType(m, 'dotted_name')?.text ?? '') : m.text;
      const target = resolveModule(file, dotted, dots, files);
      for (const n of st.childrenForFieldName('name')) {
        if (!n) continue;
        const imported = n.type === 'aliased_import' ? (field(n, 'name')?.text ?? '') : n.text;
        const local = n.type === 'aliased_import' ? (field(n, 'alias')?.text ?? imported) : imported;
        // `from app import settings`: a submodule, read as a namespace
        const sub = resolveModule(file, [dotted, imported].filter(Boolean).join('.'), dots, files);
        const to = sub ?? target;
        if (!to) continue;
        mod.imports.push({ local, module: relativeSpecifier(file, to), imported: sub ? '*' : imported });
        if (!sub) mod.reexports.push({ module: relativeSpecifier(file, to), imported, exported: local });
      }
    } else if (st.type === 'import_statement') {
      for (const n of st.childrenForFieldName('name')) {
        if (n?.type !== 'aliased_import') continue;
        const to = resolveModule(file, field(n, 'name')?.text ?? '', 0, files);
        const alias = field(n, 'alias')?.text;
        if (to && alias) mod.imports.push({ local: alias, module: relativeSpecifier(file, to), imported: '*' });
      }
    }
  }
  return mod;
}

function classBodyAssignments(body: Node): Array<{ stmt: Node; name: Node; value?: Node; type?: Node }> {
  const out: Array<{ stmt: Node; name: Node; value?: Node; type?: Node }> = [];
  for (const st of namedChildren(body)) {
    const a = assignmentOf(st);
    const left = a && field(a, 'left');
    if (a && left?.type === 'identifier') out.push({ stmt: st, name: left, value: field(a, 'right'), type: field(a, 'type') });
  }
  return out;
}

function keyword(call: Node, name: string): Node | undefined {
  for (const a of namedChildren(field(call, 'arguments') ?? call)) if (a.type === 'keyword_argument' && field(a, 'name')?.text === name) return field(a, 'value');
  return undefined;
}

const DJANGO_MODULE = /(?:^|\/)models(?:\.py|\/[^/]+\.py)$/;

function djangoApp(file: string): string {
  const parts = file.split('/');
  const i = parts.lastIndexOf('models');
  const dirIndex = i >= 0 && i < parts.length - 1 ? i - 1 : parts.length - 2;
  return (parts[dirIndex] ?? 'app').toLowerCase();
}

function models(root: Node, file: string): Model[] {
  const out: Model[] = [];
  for (const cls of root.descendantsOfType('class_definition')) {
    if (!cls) continue;
    const name = field(cls, 'name');
    const body = field(cls, 'body');
    if (!name || !body) continue;
    const bases = (field(cls, 'superclasses')?.namedChildren ?? []).map((b) => b?.text ?? '');
    const assignments = classBodyAssignments(body);
    const tablename = assignments.find((a) => a.name.text === '__tablename__');
    const meta = namedChildren(body).find((n) => n.type === 'class_definition' && field(n, 'name')?.text === 'Meta');
    const metaBody = meta ? field(meta, 'body') : undefined;
    const metaAssignments = metaBody ? classBodyAssignments(metaBody) : [];
    // A model of a project's own base class (`class Checkout(ModelWithMetadata)`) in a models module
    // declares Django fields; an abstract one maps no table.
    const djangoFields = assignments.some((a) => a.value?.type === 'call' && /^models\.\w+(?:Field|ForeignKey)$/.test(field(a.value, 'function')?.text ?? ''));
    const abstract = metaAssignments.some((a) => a.name.text === 'abstract' && a.value?.text === 'True');
    const django = !abstract && (bases.some((b) => /^(?:models\.)?Model$/.test(b)) || (DJANGO_MODULE.test(file) && djangoFields));
    if (!django && !tablename) continue;
    let table: string | undefined;
    const columns: ModelColumn[] = [];
    if (django) {
      const dbTable = metaAssignments.find((a) => a.name.text === 'db_table');
      table = (dbTable?.value && stringValue(dbTable.value)) ?? `${djangoApp(file)}_${name.text.toLowerCase()}`;
      for (const a of assignments) {
        if (a.value?.type !== 'call') continue;
        const kind = calleeName(a.value);
        if (!/Field$|^ForeignKey$|^OneToOneField$/.test(kind) || kind === 'ManyToManyField') continue;
        const dbColumn = keyword(a.value, 'db_column');
        const column = (dbColumn && stringValue(dbColumn)) ?? (/^(?:ForeignKey|OneToOneField)$/.test(kind) ? `${a.name.text}_id` : a.name.text);
        columns.push({ key: a.name.text, column, sqlType: DJANGO_TYPES[kind], node: a.stmt, nameNode: a.name });
      }
    } else if (tablename?.value) {
      table = stringValue(tablename.value);
      for (const a of assignments) {
        const call = a.value?.type === 'call' ? a.value : undefined;
        const fn = call ? calleeName(call) : '';
        const mapped = /^(?:Column|mapped_column)$/.test(fn) || (!call && a.type && /^Mapped\[/.test(a.type.text));
        if (!mapped) continue;
        const args = call ? namedChildren(field(call, 'arguments') ?? call).filter((x) => x.type !== 'keyword_argument') : [];
        const explicit = args[0] && stringValue(args[0]);
        const typeArg = args.find((x) => x.type !== 'string');
        const typeName = typeArg ? (typeArg.type === 'call' ? calleeName(typeArg) : typeArg.text.split('.').pop() ?? '') : '';
        columns.push({ key: a.name.text, column: explicit ?? a.name.text, sqlType: SQLALCHEMY_TYPES[typeName.toLowerCase()], node: a.stmt, nameNode: a.name });
      }
    }
    if (!table) continue;
    out.push({ orm: django ? 'django' : 'sqlalchemy', node: cls, nameNode: name, symbol: name.text, table: qualifiedTable(table), creates: false, columns });
  }
  return out;
}

/** `"DELETE … interval '%s days'" % KEEP_DAYS` (or a tuple of values): the `%` expression is the text. */
function formatted(str: Node): { node: Node; text: StringText } | undefined {
  const op = str.parent;
  if (op?.type !== 'binary_operator' || field(op, 'operator')?.text !== '%' || field(op, 'left')?.id !== str.id) return undefined;
  const right = field(op, 'right');
  const v = stringValue(str);
  if (!right || v === undefined) return undefined;
  const text = printf(v, right.type === 'tuple' ? namedChildren(right) : [right]);
  return text ? { node: op, text } : undefined;
}

export const python: LanguageModule = {
  id: 'python',
  label: 'Python',
  files: /\.pyi?$/,
  wasm: 'tree-sitter-python/tree-sitter-python.wasm',
  comments: new Set(['comment']),
  strings: new Set(['string', 'concatenated_string']),
  concatenation: { types: new Set(['binary_operator']), operators: new Set(['+']) },
  calls: new Set(['call']),
  modelMarkers: /\bmodels\.(?:Model\b|\w+Field\s*\()|\(\s*Model\s*\)|__tablename__/,
  commentText(text) {
    // A docstring's quotes are not part of its tags (the prefix becomes spaces, so columns stay true).
    return text.replace(/^[rRuUbBfF]*("{3}|'{3}|"|')/, (m) => ' '.repeat(m.length)).replace(/("{3}|'{3}|"|')$/, '');
  },
  docstringOwner(node) {
    const stmt = node.parent;
    if (node.type !== 'string' || stmt?.type !== 'expression_statement' || stmt.namedChildCount !== 1) return undefined;
    const block = stmt.parent;
    if (block?.type === 'block' && namedChildren(block)[0]?.id === stmt.id && (block.parent?.type === 'function_definition' || block.parent?.type === 'class_definition')) return block.parent;
    // An attribute docstring: the string right below an assignment documents it.
    let prev = stmt.previousNamedSibling;
    while (prev?.type === 'comment') prev = prev.previousNamedSibling;
    if (prev && assignmentOf(prev) && prev.endPosition.row + 1 === stmt.startPosition.row) return prev;
    return undefined;
  },
  unwrap(node) {
    if (node.type === 'decorated_definition') return field(node, 'definition') ?? node;
    if (node.type === 'block') return namedChildren(node)[0] ?? node;
    return node;
  },
  declaration(node): Declaration | undefined {
    if (node.type === 'function_definition' || node.type === 'class_definition') {
      const name = field(node, 'name');
      return name ? { kind: node.type === 'class_definition' ? 'class' : 'function', name: name.text, nameNode: name } : undefined;
    }
    const a = assignmentOf(node);
    const left = a && field(a, 'left');
    if (!a || !left || (left.type !== 'identifier' && left.type !== 'attribute')) return undefined;
    const inClass = node.parent?.parent?.type === 'class_definition';
    return { kind: inClass ? 'property' : 'constant', name: left.text, nameNode: left, value: field(a, 'right') };
  },
  scopeName(node) {
    return node.type === 'class_definition' || node.type === 'function_definition' ? field(node, 'name')?.text : undefined;
  },
  expr,
  formatted,
  stringText,
  sqlCall(call) {
    return SQL_METHODS.has(calleeName(call));
  },
  downDirection(node) {
    return node.type === 'keyword_argument' && field(node, 'name')?.text === 'reverse_sql';
  },
  module,
  models,
};

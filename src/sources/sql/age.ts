/**
 * What a DELETE or UPDATE … SET col = NULL does by age: "rows older than 60 days". Reads the WHERE
 * clause for a comparison between a column and now() minus an interval, in every orientation:
 *   created_at < now() - interval '60 days'      now() - interval '60 days' > created_at
 *   created_at + interval '60 days' < now()      now() - created_at > interval '60 days'
 *   age(created_at) > '60 days'                  created_at < current_date - 60
 */
import { as, constValue, list, names, nodeType, str } from './ast.js';
import { evalInterval, isDateNow, isNow, type Lookup, type Resolved } from './interval.js';

export interface Purge {
  /** schema-qualified or bare table name as written */
  table: string[];
  /** 'delete' removes rows; 'nullify' sets the listed columns to NULL */
  action: 'delete' | 'nullify';
  columns: string[];
  age: Resolved;
  /** the column compared with now(), when found */
  ageColumn?: string;
}

/** A DELETE, or an UPDATE that sets columns to NULL; undefined for other statements. */
export function purgeOf(stmt: unknown, lookup?: Lookup): Purge | undefined {
  const t = nodeType(stmt);
  if (!t) return undefined;
  const [type, body] = t;
  if (type !== 'DeleteStmt' && type !== 'UpdateStmt') return undefined;
  const rel = as({ RangeVar: body.relation }, 'RangeVar') ?? {};
  const table = [rel.schemaname, rel.relname].filter((x): x is string => typeof x === 'string');
  let columns: string[] = [];
  if (type === 'UpdateStmt') {
    for (const target of list(body.targetList)) {
      const rt = as(target, 'ResTarget');
      if (rt && typeof rt.name === 'string' && constValue(rt.val) === null) columns.push(rt.name);
    }
    if (columns.length === 0) return undefined;
    columns = columns.sort();
  }
  const action = type === 'DeleteStmt' ? 'delete' : 'nullify';
  if (!body.whereClause) {
    return { table, action, columns, age: { ok: false, reason: `the ${type === 'DeleteStmt' ? 'DELETE' : 'UPDATE'} has no WHERE clause: it removes every row whenever it runs, so how long rows stay depends on the schedule` } };
  }
  let found = ageConditions(body.whereClause, lookup);
  // WITH old AS (SELECT … WHERE created_at < …) DELETE FROM t USING old WHERE t.id = old.id
  if (found.length === 0) {
    for (const cte of list(as({ WithClause: body.withClause }, 'WithClause')?.ctes)) {
      const q = as(as(cte, 'CommonTableExpr')?.ctequery, 'SelectStmt');
      if (q?.whereClause) found = found.concat(ageConditions(q.whereClause, lookup));
    }
  }
  if (found.length === 0) {
    return { table, action, columns, age: { ok: false, reason: 'the WHERE clause has no condition on a row\'s age (a column compared with now() minus an interval)' } };
  }
  // With AND, a row goes only when every age condition holds: the longest age bounds retention.
  const unknown = found.find((f) => !f.age.ok);
  if (unknown) return { table, action, columns, age: unknown.age, ageColumn: unknown.column };
  const longest = found.reduce((a, b) => ((a.age.ok ? a.age.seconds : 0) >= (b.age.ok ? b.age.seconds : 0) ? a : b));
  return { table, action, columns, age: longest.age, ageColumn: longest.column };
}

interface AgeCondition {
  column: string;
  age: Resolved;
}

function ageConditions(node: unknown, lookup: Lookup | undefined, depth = 0): AgeCondition[] {
  if (depth > 50) return [];
  const t = nodeType(node);
  if (!t) return [];
  const [type, body] = t;
  if (type === 'BoolExpr') {
    if (body.boolop === 'NOT_EXPR') return [];
    return list(body.args).flatMap((a) => ageConditions(a, lookup, depth + 1));
  }
  // batched deletes: WHERE id IN (SELECT id FROM t WHERE created_at < now() - … LIMIT 10000)
  if (type === 'SubLink' && (body.subLinkType === 'ANY_SUBLINK' || body.subLinkType === 'EXISTS_SUBLINK')) {
    const sub = as(body.subselect, 'SelectStmt');
    return sub?.whereClause ? ageConditions(sub.whereClause, lookup, depth + 1) : [];
  }
  if (type !== 'A_Expr' || body.kind !== 'AEXPR_OP') return [];
  const op = names(body.name)[0];
  if (op === '<' || op === '<=') return compare(body.lexpr, body.rexpr, lookup);
  if (op === '>' || op === '>=') return compare(body.rexpr, body.lexpr, lookup);
  return [];
}

/** `older < newer`: the older side is a row's time, the newer side is now minus an age (or the reverse with age()). */
function compare(older: unknown, newerIn: unknown, lookup: Lookup | undefined): AgeCondition[] {
  // a PL/pgSQL variable holding the cut-off: `cutoff := now() - interval '60 days'`
  const ref = as(newerIn, 'ColumnRef');
  const refName = ref ? names(ref.fields) : [];
  const newer = (lookup && refName.length === 1 ? lookup(refName[0]) : undefined) ?? newerIn;
  // created_at < now() - X
  const col = columnOf(older);
  if (col) {
    if (isNow(newer)) return [{ column: col, age: { ok: true, seconds: 0 } }];
    const minus = as(newer, 'A_Expr');
    if (minus && names(minus.name)[0] === '-' && isNow(minus.lexpr)) {
      return [{ column: col, age: evalInterval(minus.rexpr, lookup, isDateNow(minus.lexpr)) }];
    }
    if (minus && names(minus.name)[0] === '-' ) {
      return [{ column: col, age: { ok: false, reason: 'the age is measured from something other than now()' } }];
    }
  }
  // created_at + X < now()
  const plus = as(older, 'A_Expr');
  if (plus && names(plus.name)[0] === '+' && isNow(newer)) {
    const c = columnOf(plus.lexpr) ?? columnOf(plus.rexpr);
    if (c) return [{ column: c, age: evalInterval(columnOf(plus.lexpr) ? plus.rexpr : plus.lexpr, lookup) }];
  }
  // X < now() - created_at   |   X < age(created_at)
  const minus = as(newer, 'A_Expr');
  if (minus && names(minus.name)[0] === '-' && isNow(minus.lexpr)) {
    const c = columnOf(minus.rexpr);
    if (c) return [{ column: c, age: evalInterval(older, lookup) }];
  }
  const age = as(newer, 'FuncCall');
  if (age && names(age.funcname).pop() === 'age') {
    const args = list(age.args);
    const c = columnOf(args[args.length - 1]);
    if (c && (args.length === 1 || isNow(args[0]))) return [{ column: c, age: evalInterval(older, lookup) }];
  }
  return [];
}

function columnOf(node: unknown): string | undefined {
  const c = as(node, 'ColumnRef');
  if (c) {
    const parts = list(c.fields).map((f) => str(f)).filter((x): x is string => !!x);
    return parts[parts.length - 1];
  }
  const cast = as(node, 'TypeCast');
  if (cast) return columnOf(cast.arg);
  return undefined;
}

export function describeSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

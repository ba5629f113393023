/** SQL type names as the classifier reads them. */
import { as, constValue, list, names } from './ast.js';
import type { AstObject } from './parse.js';

const TYPE_NAMES: Record<string, string> = {
  int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision', bool: 'boolean',
  bpchar: 'char', varchar: 'varchar', timestamptz: 'timestamptz', timestamp: 'timestamp', timetz: 'timetz',
};

/** "varchar(20)", "inet", "text[]", "numeric(10,2)" — lower-cased, pg_catalog names made readable. */
export function typeText(typeName: unknown): string {
  const tn = (as(typeName, 'TypeName') ?? typeName) as AstObject | undefined;
  if (!tn) return '';
  const parts = names(tn.names).filter((n) => n !== 'pg_catalog');
  let base = parts.join('.').toLowerCase();
  base = TYPE_NAMES[base] ?? base;
  const mods = list(tn.typmods).map((m) => constValue(m)).filter((v) => typeof v === 'number');
  const withMods = mods.length && base !== 'interval' ? `${base}(${mods.join(',')})` : base;
  const arrays = list(tn.arrayBounds).length;
  return withMods + '[]'.repeat(arrays) + (tn.setof ? '' : '');
}

// The labelled identifiers of test/classify (the corpus from public schemas and the curated list),
// read as data, and the precision / recall of a classifier on them. Shared by bench/classify.mjs
// and test/classify/corpus.test.ts.
import { readFileSync } from 'node:fs';

const rowsOf = (file) =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));

const typesOf = (cell) => (cell === '-' ? [] : cell.split(',').filter(Boolean));

/** test/classify/corpus/identifiers.tsv: one labelled column or property of a public repository a row. */
export function readCorpus(file) {
  return rowsOf(file).map(([repository, commit, half, stratum, source, location, table, identifier, declaredType, label]) => ({
    repository, commit, half, stratum, source, location, table: tableAsChecked(source, table, identifier), identifier,
    declaredType: declaredType || undefined, expected: typesOf(label),
  }));
}

const spelled = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([a-zA-Z])(\d)/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(' ');

/**
 * The table the checker classifies a row's column in. The extraction of the blind sets named a drizzle
 * property whose column is named differently `<table>.<property>` (`customers.financeContact`, column
 * `finance_contact`); the checker classifies that column in its parent table (`customers`), as
 * `classifyStores` does, so the bench does too. Only TypeScript rows: an SQL column may share its
 * table's name (`public.revenue.revenue`).
 */
function tableAsChecked(source, table, identifier) {
  if (source !== 'typescript') return table;
  const dot = table.lastIndexOf('.');
  return dot > 0 && spelled(table.slice(dot + 1)) === spelled(identifier) ? table.slice(0, dot) : table;
}

/** test/classify/curated.tsv: identifier, SQL type, expected types (no table). */
export function readCurated(file) {
  return rowsOf(file).map(([identifier, declaredType, label]) => ({
    identifier, declaredType: declaredType === '-' ? undefined : declaredType, expected: typesOf(label),
  }));
}

/**
 * Precision and recall over data-type hits: a hit of the labelled type is a true positive, any
 * other hit a false positive, a labelled type not found a false negative.
 * `classify(row)` returns the data-type ids the classifier gives the row.
 */
export function score(rows, classify) {
  let tp = 0, fp = 0, fn = 0;
  const wrong = [];
  for (const row of rows) {
    const got = classify(row);
    for (const g of got) if (row.expected.includes(g)) tp++; else fp++;
    for (const e of row.expected) if (!got.includes(e)) fn++;
    if ([...got].sort().join() !== [...row.expected].sort().join()) wrong.push({ row, got });
  }
  return { rows: rows.length, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, wrong };
}

export function formatScore(name, s) {
  return `${name.padEnd(22)} ${String(s.rows).padStart(5)} identifiers  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;
}

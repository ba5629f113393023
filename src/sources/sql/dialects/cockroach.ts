/**
 * CockroachDB speaks PostgreSQL's SQL with a few additions of its own, which libpg-query rejects:
 * `INVERTED INDEX`, `STORING (…)`, `PRIMARY KEY (id ASC)`, `USING HASH [WITH (…)]`, `table@index`, `FAMILY f (…)` in a
 * CREATE TABLE, `ADD CONSTRAINT IF NOT EXISTS`, an index's `[NOT] VISIBLE`. They say nothing about what a table stores, so
 * they are blanked (every position stays where it was) and the rest is read as PostgreSQL.
 */
export function cockroachForPostgres(text: string): string {
  const blank = (s: string) => s.replace(/[^\n\r]/g, ' ');
  return text
    .replace(/\bINVERTED(\s+INDEX)\b/gi, (m) => blank(m.slice(0, 8)) + m.slice(8))
    .replace(/\s+STORING\s*\([^)]*\)/gi, blank)
    // an index the planner may not use (`… ) NOT VISIBLE`): where it stands, after the column list
    .replace(/(\))(\s+(?:NOT\s+VISIBLE|INVISIBLE|VISIBLE))\b/gi, (_, paren: string, v: string) => paren + blank(v))
    .replace(/\s+USING\s+HASH(?:\s+WITH\s*\([^)]*\)|\s+WITH\s+BUCKET_COUNT\s*=\s*\d+)?/gi, blank)
    .replace(/\b([A-Za-z_][\w]*|"[^"]+")@([A-Za-z_][\w]*|"[^"]+")/g, (_, t: string, i: string) => `${t}.${i}`)
    // a column family is a storage layout: a no-op CHECK keeps the list's commas right
    .replace(/\bFAMILY\s+(?:"[^"]+"|\w+)\s*\([^)]*\)/gi, (m) => (m.length >= 12 ? 'CHECK (true)'.padEnd(m.length, ' ') : m))
    .replace(/\b(ADD\s+CONSTRAINT)(\s+IF\s+NOT\s+EXISTS)\b/gi, (_, a: string, b: string) => a + blank(b))
    // a key's column order (`PRIMARY KEY (id ASC)`)
    .replace(/\b((?:PRIMARY\s+KEY|UNIQUE)\s*\()([^()]*)\)/gi, (_, head: string, cols: string) => `${head}${cols.replace(/\s(?:ASC|DESC)\b/gi, blank)})`);
}

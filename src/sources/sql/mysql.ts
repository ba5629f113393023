/**
 * MySQL/MariaDB schema files (mysqldump, Laravel/Rails/Flyway migrations for MySQL) read as
 * PostgreSQL would reject nearly every statement, and their tables would go unchecked. A file that
 * is plainly MySQL (`ENGINE=`, `AUTO_INCREMENT`, a backquoted CREATE TABLE) is rewritten into the
 * PostgreSQL the parser reads: backquotes become double quotes, table and column options PostgreSQL
 * does not know (ENGINE, CHARSET, COLLATE, AUTO_INCREMENT, UNSIGNED, ON UPDATE CURRENT_TIMESTAMP,
 * display widths, COMMENT='…') are dropped, inline KEY/INDEX definitions become no-op CHECKs,
 * `enum(…)` becomes text, `#` comments become `--` ones, LOCK/UNLOCK TABLES go. Every line break stays where it was, so lines are
 * right. What stays MySQL-only (MODIFY, CHANGE COLUMN) is still reported as a parse error.
 */
// outside `--` comments, so a PostgreSQL file that mentions MySQL in a comment stays as it is
const MYSQL = /^(?:[^-\n]|-(?!-))*(?:\)\s*ENGINE\s*=\s*\w|\bAUTO_INCREMENT\b|\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`)/im;

export function looksLikeMysql(text: string): boolean {
  return MYSQL.test(text);
}

export function mysqlToPostgres(text: string): string {
  if (!looksLikeMysql(text)) return text;
  return text
    .replace(/`/g, '"')
    .replace(/^([ \t]*)#/gm, '$1--')
    .replace(/^([ \t]*)(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?(?:KEY|INDEX)\b[^\n]*?(,?)([ \t]*\r?)$/gim, '$1CHECK (true)$2$3')
    .replace(/^[ \t]*(?:UN)?LOCK\s+TABLES\b[^\n;]*;/gim, '')
    .replace(/\b(tinyint|smallint|mediumint|int|integer|bigint)\s*\(\s*\d+\s*\)/gi, '$1')
    .replace(/\b(?:enum|set)\s*\((?:\s*'(?:[^'\\]|\\.|'')*'\s*,?)+\)/gi, 'text')
    .replace(/\bdouble\b(?!\s+precision)/gi, 'float8')
    .replace(/\bAUTO_INCREMENT(?:\s*=\s*\d+)?/gi, '')
    .replace(/\bENGINE\s*=\s*\w+/gi, '')
    .replace(/\b(?:DEFAULT\s+)?(?:CHARSET|CHARACTER\s+SET)\s*=?\s*\w+/gi, '')
    .replace(/\bCOLLATE\s*=?\s*\w+/gi, '')
    .replace(/\bROW_FORMAT\s*=\s*\w+/gi, '')
    .replace(/\b(?:UNSIGNED|ZEROFILL)\b/gi, '')
    .replace(/\bON\s+UPDATE\s+CURRENT_TIMESTAMP(?:\s*\(\s*\d*\s*\))?/gi, '')
    .replace(/\bCOMMENT\s*=\s*'(?:[^'\\]|\\.|'')*'/gi, '')
    .replace(/\bCOMMENT\s+'(?:[^'\\]|\\.|'')*'/gi, '')
    .replace(/\s+(?:AFTER\s+"?\w+"?|FIRST)(?=\s*[;,])/gi, '');
}

/**
 * Flyway (and Liquibase) placeholders: `${schema}.users` is the migration's default schema
 * (`users`), any other `${name}` reads as the identifier `name`, so the statement parses.
 */
export function withoutPlaceholders(text: string): string {
  if (!text.includes('${')) return text;
  return text.replace(/\$\{[\w:.-]+\}\./g, '').replace(/\$\{([\w:.-]+)\}/g, (_, name: string) => name.replace(/[^\w]/g, '_'));
}

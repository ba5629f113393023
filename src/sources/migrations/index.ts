/**
 * Migrations written in code, for the SQL source's history: which files are such migrations, and
 * the steps of their `up` direction (read.ts, builders.ts).
 */
import { isCodeMigrationPath } from '../sql/order.js';
import { looksLikeCodeMigration } from './read.js';

export { readCodeMigration, looksLikeCodeMigration, type MigrationStep } from './read.js';

/** Is this file a migration in code (so its `up` is history, and the TypeScript source leaves it alone)? */
export function isCodeMigration(file: string, text: string): boolean {
  return isCodeMigrationPath(file) && looksLikeCodeMigration(text);
}

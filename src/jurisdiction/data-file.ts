import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a data table in the shipped `rules/` folder, found from this module's own place
 * (src/jurisdiction in tests, build/src/jurisdiction once compiled).
 */
export function rulesDataPath(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'rules', relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`policyproof: the data table rules/${relative} is missing from the installation`);
}

// What the benches share: the compiled project under build/src (a bench runs after `npm run build`)
// and a source context over files on disk read as `policyproof check` reads them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** build/src/<p>. */
export const built = (p) => path.join(projectRoot, 'build', 'src', p);

/** Exits 2 with what to run when build/ does not hold `probe` (a module the bench imports). */
export function requireBuild(bench, probe) {
  if (existsSync(built(probe))) return;
  console.error(`${bench}: build/ is missing; run \`npm run build\` first`);
  process.exit(2);
}

let readTextFile;

/** A SourceContext over `files` of `root`, each read by the engine's own reader (text or its diagnostic). */
export function contextOf(root, files) {
  return {
    root,
    files,
    async read(file) {
      readTextFile ??= (await import(built('engine/files.js'))).readTextFile;
      const r = await readTextFile(root, file);
      return r.text ?? r.diagnostic;
    },
    log() {},
  };
}

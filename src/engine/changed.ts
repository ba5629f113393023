import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from './files.js';

const run = promisify(execFile);

/**
 * Files the change touches: committed since the merge base with `base`, plus uncommitted and
 * untracked files. Paths are relative to the repository root `root`.
 */
export async function changedFiles(root: string, base: string): Promise<Set<string>> {
  const git = async (...args: string[]) => (await run('git', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 })).stdout;
  try {
    const prefix = (await git('rev-parse', '--show-prefix')).trim();
    const lists = await Promise.all([
      git('diff', '--name-only', '-z', `${base}...HEAD`),
      git('diff', '--name-only', '-z', 'HEAD'),
      git('ls-files', '--others', '--exclude-standard', '-z'),
    ]);
    const files = new Set<string>();
    for (const list of lists) {
      for (const name of list.split('\0').filter(Boolean)) {
        // git diff names are relative to the top level; ls-files to the working directory.
        const rel = name.startsWith(prefix) ? name.slice(prefix.length) : name;
        files.add(rel);
      }
    }
    return files;
  } catch (e) {
    throw new UsageError(`--changed-only: cannot list the files changed since ${base}: ${((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n')[0]}`);
  }
}

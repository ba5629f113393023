/**
 * Unified-diff hunks → the line numbers (in the new file) that a change added or modified.
 * A hunk header `@@ -a,b +c,d @@` starts new-file numbering at c; '+' lines count and are added,
 * ' ' lines count, '-' lines do not, '\' (no newline at end of file) is ignored.
 */
export function addedLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let next = 0;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header) {
      next = Number(header[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+')) lines.add(next++);
    else if (line.startsWith(' ')) next++;
    else if (line.startsWith('-') || line.startsWith('\\')) continue;
    else if (line === '') continue;
    else inHunk = false;
  }
  return lines;
}

/**
 * Output of `git diff --unified=0 --no-color --no-renames`: splits it per file (`+++ b/<path>`)
 * and collects the added lines of each. Hunk line counts are followed, so an added line that
 * itself starts with "++ " is not mistaken for a file header. Deleted files are skipped.
 */
export function parseGitDiff(text: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let next = 0;
  for (const line of text.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('+')) {
        current?.add(next++);
        newLeft--;
      } else if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith(' ')) {
        next++;
        oldLeft--;
        newLeft--;
      } else if (!line.startsWith('\\')) {
        oldLeft = newLeft = 0;
      }
      continue;
    }
    const header = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header) {
      oldLeft = header[1] === undefined ? 1 : Number(header[1]);
      next = Number(header[2]);
      newLeft = header[3] === undefined ? 1 : Number(header[3]);
      continue;
    }
    if (line.startsWith('diff --git ')) current = undefined;
    else if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') current = undefined;
      else {
        const path = unquoteGitPath(target).replace(/^b\//, '');
        current = files.get(path) ?? new Set<number>();
        files.set(path, current);
      }
    }
  }
  return files;
}

/** git quotes paths with unusual bytes: "b/a\"b\303\251.sql" → b/a"bé.sql */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const body = text.slice(1, -1);
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const n = body[i + 1];
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

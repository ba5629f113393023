/**
 * Word-level diff of two texts: the longest common subsequence of their tokens (words and the
 * whitespace between them). The common head and tail are trimmed first; when what is left is too
 * large for an exact table (more than MAX_CELLS), the texts are compared line by line first and
 * the changed lines word by word; what is still too large is one deletion and one insertion —
 * correct if coarse, and never slow.
 */

export type DiffPart = { op: 'same' | 'ins' | 'del'; text: string };

const MAX_CELLS = 4_000_000;

export function tokenize(text: string): string[] {
  return text.split(/(\s+)/).filter((t) => t !== '');
}

export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);

  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('same', a.slice(0, head).join(''));
  if (midA.length * midB.length <= MAX_CELLS) {
    for (const [op, token] of lcsOps(midA, midB)) push(op, token);
  } else {
    for (const p of diffByLines(midA.join(''), midB.join(''))) push(p.op, p.text);
  }
  push('same', a.slice(a.length - tail).join(''));
  return absorbWhitespace(parts);
}

/** Lines first, then the words of each changed run of lines (for texts too large for one word table). */
function diffByLines(before: string, after: string): DiffPart[] {
  const a = before.split(/(?<=\n)/);
  const b = after.split(/(?<=\n)/);
  if (a.length * b.length > MAX_CELLS || (a.length === 1 && b.length === 1)) {
    return [
      { op: 'del', text: before },
      { op: 'ins', text: after },
    ];
  }
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del || ins) out.push(...diffWords(del, ins));
    del = '';
    ins = '';
  };
  for (const [op, line] of lcsOps(a, b)) {
    if (op === 'del') del += line;
    else if (op === 'ins') ins += line;
    else {
      flush();
      out.push({ op: 'same', text: line });
    }
  }
  flush();
  return out;
}

function lcsOps(a: string[], b: string[]): Array<[DiffPart['op'], string]> {
  const n = a.length;
  const m = b.length;
  // lengths[i][j] = LCS of a[i..] and b[j..], in one flat array
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const ops: Array<[DiffPart['op'], string]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push(['same', a[i]!]);
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      ops.push(['del', a[i]!]);
      i++;
    } else {
      ops.push(['ins', b[j]!]);
      j++;
    }
  }
  while (i < n) ops.push(['del', a[i++]!]);
  while (j < m) ops.push(['ins', b[j++]!]);
  return ops;
}

/**
 * A lone space kept in common between two changes ("<del>a</del> <ins>b</ins> <del>c</del>") reads
 * as noise: changes separated only by whitespace become one deletion followed by one insertion.
 */
function absorbWhitespace(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flushChange = () => {
    if (del) out.push({ op: 'del', text: del });
    if (ins) out.push({ op: 'ins', text: ins });
    del = '';
    ins = '';
  };
  parts.forEach((p, k) => {
    if (p.op === 'del') del += p.text;
    else if (p.op === 'ins') ins += p.text;
    else if ((del || ins) && /^\s+$/.test(p.text) && parts[k + 1] && parts[k + 1]!.op !== 'same') {
      del += p.text;
      ins += p.text;
    } else {
      flushChange();
      out.push({ ...p });
    }
  });
  flushChange();
  return out;
}

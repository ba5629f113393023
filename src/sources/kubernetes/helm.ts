/**
 * Helm charts rendered by the `helm` binary the user has installed (on PATH, outside the scanned
 * repository: nothing the repository holds is ever executed). `helm template` runs with the chart's
 * own values, `--skip-tests`, no dependency update, no plugins, a timeout and a bounded output,
 * from a working folder outside the repository. Each rendered document is attributed to the template
 * its `# Source:` comment names; lines are the rendered output's, counted from that template's start.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 32 * 1024 * 1024;

/** The `helm` on PATH, unless it (or the PATH folder it is found in) lies inside `root`; absolute PATH entries only. */
export function findHelm(root: string, env: NodeJS.ProcessEnv = process.env): { helm?: string; refused?: string } {
  const repo = real(root) ?? path.resolve(root);
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    // a relative PATH entry ('', '.', 'bin') is the working folder's: possibly the repository
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'helm.exe' : 'helm');
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const resolved = real(candidate) ?? candidate;
    if (inside(repo, resolved) || inside(repo, real(dir) ?? dir)) return { refused: candidate };
    return { helm: resolved };
  }
  return {};
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `helm template` of the chart in `chartDir` (absolute): the rendered YAML, or why not. */
export function renderChart(helm: string, chartDir: string): Promise<{ text?: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(
      helm,
      ['template', 'policyproof', chartDir, '--skip-tests'],
      {
        cwd: tmpdir(), timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, windowsHide: true, shell: false,
        env: { ...process.env, HELM_NO_PLUGINS: '1' },
      },
      (err, stdout, stderr) => {
        if (err) {
          const why = (err as { killed?: boolean }).killed ? `no answer in ${TIMEOUT_MS / 1000} s` : String(stderr || err.message).trim().split('\n')[0].slice(0, 300);
          resolve({ error: why });
        } else resolve({ text: String(stdout) });
      },
    );
  });
}

/** The rendered stream cut at each `# Source: <chart>/…` comment, each piece named by its file in the repository. */
export function renderedByTemplate(text: string, chartDir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const re = /^---[ \t]*\r?\n# Source: ([^\r\n]+)/gm;
  const hits = [...text.matchAll(re)];
  hits.forEach((m, i) => {
    const end = i + 1 < hits.length ? hits[i + 1].index : text.length;
    // `<chart name>/templates/x.yaml`, `<chart name>/charts/sub/templates/y.yaml`: the chart's folder replaces its name
    const within = m[1].trim().split('/').slice(1).join('/');
    const file = path.posix.normalize(`${chartDir}/${within}`);
    out.push({ file: file.startsWith('../') ? chartDir : file, text: text.slice(m.index + m[0].length - m[1].length - '# Source: '.length, end) });
  });
  return out;
}

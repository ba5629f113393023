/**
 * Migration tools that keep both directions in one file: dbmate (`-- migrate:up` / `-- migrate:down`),
 * goose, sql-migrate and micrate (`-- +goose Up` / `-- +goose Down`, `-- +migrate Down`, …) and Play
 * evolutions (`# --- !Ups` / `# --- !Downs`). Only the up part is the schema: the down part (up to
 * the next up marker) is blanked out, keeping every line break so positions stay right. Play's
 * `#` marker lines are blanked too (they are not SQL).
 */
const UP = /^[ \t]*(?:--[ \t]*migrate:up\b|--[ \t]*\+[a-z]+[ \t]+up\b|(?:#|--)[ \t]*-*[ \t]*!ups\b)/i;
const DOWN = /^[ \t]*(?:--[ \t]*migrate:down\b|--[ \t]*\+[a-z]+[ \t]+down\b|(?:#|--)[ \t]*-*[ \t]*!downs\b)/i;
const PLAY_MARKER = /^[ \t]*#/;

export function upSectionsOnly(text: string): string {
  // cheap tests first: most files have no markers (every down marker holds "down", Play's a "#")
  if (!text.includes('#') && !/down/i.test(text)) return text;
  if (!/migrate:down|\+[a-z]+[ \t]+down|!downs|^[ \t]*#/im.test(text)) return text;
  const lines = text.split('\n');
  let down = false;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (DOWN.test(line)) down = true;
    else if (UP.test(line)) down = false;
    const playMarker = PLAY_MARKER.test(line) && (UP.test(line) || DOWN.test(line));
    if (down || playMarker) {
      lines[i] = line.replace(/[^\r]/g, ' ');
      changed = true;
    }
  }
  return changed ? lines.join('\n') : text;
}

/**
 * YAML front matter at the top of a SQL file (LedgerSMB's consistency checks: a `---` line, then
 * `title:` and `description: |` …, then a `---` line): data about the file, not SQL. Both `---`
 * lines read as SQL comments; the YAML between them does not. It is blanked, line breaks kept. The
 * first line after the opening one must be a YAML key, so a banner of `---` comment lines stays SQL.
 */
const FRONT_MATTER_OPEN = /^\uFEFF?---(?:[ \t][^\n]*)?\r?\n/;
const YAML_KEY = /^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|\r?$)/;
const MAX_FRONT_MATTER_LINES = 200;

export function withoutFrontMatter(text: string): string {
  if (!text.startsWith('---') && !text.startsWith('\uFEFF---')) return text;
  const open = FRONT_MATTER_OPEN.exec(text);
  if (!open) return text;
  const lines = text.slice(open[0].length).split('\n', MAX_FRONT_MATTER_LINES);
  if (!YAML_KEY.test(lines[0] ?? '')) return text;
  const close = lines.findIndex((l) => /^---[ \t]*\r?$/.test(l));
  if (close < 0) return text;
  const end = open[0].length + lines.slice(0, close + 1).join('\n').length;
  return text.slice(0, end).replace(/[^\n\r\uFEFF]/g, ' ') + text.slice(end);
}

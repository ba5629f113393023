import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { paths } from './site.js';

/**
 * `publish.theme` in policyproof.yaml: the site's look without code. Colours are checked against
 * WCAG 2 AA (4.5:1 for text) in light and dark mode before anything is written.
 */

/** As written in policyproof.yaml (paths relative to the working directory). */
export interface ThemeConfig {
  brandColor?: string;
  brandColorDark?: string;
  logo?: string;
  fontStack?: string;
  stylesheet?: string;
}

/** The theme a site is built with: colours resolved, files already read. */
export interface Theme {
  brandColor: string;
  brandColorDark: string;
  fontStack: string;
  /** the logo, copied into the site as theme/logo.<ext> */
  logo?: { path: string; bytes: Uint8Array };
  /** the extra stylesheet, copied as theme/extra.css and linked after the site's own */
  stylesheet?: string;
}

export class ThemeError extends Error {}

/** The fixed colours of the site, light and dark; the brand colour is checked against each background. */
export const PALETTE = {
  light: { text: '#1b1b1b', muted: '#4a4a4a', background: '#ffffff', note: '#eef3fa', line: '#c9c9c9' },
  dark: { text: '#e8e8e8', muted: '#b8b8b8', background: '#121417', note: '#1d2633', line: '#4a4f57' },
};

export const DEFAULT_THEME: Theme = {
  brandColor: '#0b4f9c',
  brandColorDark: '#8ab4f8',
  fontStack: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
};

export const LOGO_TYPES: Record<string, string> = { '.svg': 'svg', '.png': 'png', '.jpg': 'jpg', '.jpeg': 'jpg', '.webp': 'webp', '.gif': 'gif' };

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** "#abc" → "#aabbcc", lower case. */
export function normalizeHex(color: string): string {
  const c = color.toLowerCase();
  return c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c;
}

function channels(hex: string): [number, number, number] {
  const h = normalizeHex(hex);
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** `color` mixed with white by `amount` (0..1): the dark-mode brand colour when none is given. */
function lighten(color: string, amount: number): string {
  return `#${channels(color).map((c) => Math.round(c + (255 - c) * amount).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Checks and resolves the colours and font of a theme (files are read by the caller). Throws
 * ThemeError naming the setting, or the pair of colours whose contrast is below WCAG AA.
 */
export function resolveColours(config: ThemeConfig): Pick<Theme, 'brandColor' | 'brandColorDark' | 'fontStack'> {
  for (const [key, value] of [['brand-color', config.brandColor], ['brand-color-dark', config.brandColorDark]] as const) {
    if (value !== undefined && !HEX.test(value)) throw new ThemeError(`publish.theme.${key} "${value}" is not a colour; write it as #rrggbb`);
  }
  if (config.fontStack !== undefined && (!/^[\p{L}\p{N} ,"'-]{1,300}$/u.test(config.fontStack) || !/[\p{L}]/u.test(config.fontStack))) {
    throw new ThemeError(`publish.theme.font-stack "${config.fontStack.slice(0, 80)}" must be a list of font names (letters, digits, spaces, quotes, hyphens, commas)`);
  }
  const brandColor = config.brandColor ? normalizeHex(config.brandColor) : DEFAULT_THEME.brandColor;
  const brandColorDark = config.brandColorDark
    ? normalizeHex(config.brandColorDark)
    : config.brandColor
      ? lighten(brandColor, 0.6)
      : DEFAULT_THEME.brandColorDark;
  const pairs: Array<[string, string, string, string]> = [
    [`publish.theme.brand-color ${brandColor} (links)`, brandColor, 'the page background', PALETTE.light.background],
    [`publish.theme.brand-color ${brandColor} (links)`, brandColor, 'the notice background', PALETTE.light.note],
    [`the dark-mode brand colour ${brandColorDark}${config.brandColorDark ? ' (publish.theme.brand-color-dark)' : ' (brand-color lightened; set publish.theme.brand-color-dark)'}`, brandColorDark, 'the dark page background', PALETTE.dark.background],
    [`the dark-mode brand colour ${brandColorDark}${config.brandColorDark ? ' (publish.theme.brand-color-dark)' : ' (brand-color lightened; set publish.theme.brand-color-dark)'}`, brandColorDark, 'the dark notice background', PALETTE.dark.note],
  ];
  for (const [name, fg, bgName, bg] of pairs) {
    const ratio = contrast(fg, bg);
    if (ratio < 4.5) {
      throw new ThemeError(`${name} on ${bgName} ${bg} has a contrast of ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1; WCAG AA needs at least 4.5:1 for text`);
    }
  }
  return { brandColor, brandColorDark, fontStack: config.fontStack ?? DEFAULT_THEME.fontStack };
}

const MAX_LOGO = 512 * 1024;
const MAX_STYLESHEET = 1024 * 1024;

/** Reads a file the theme names, refusing what is missing, not a file or too large. */
async function themeFile(key: string, file: string, max: number): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    throw new ThemeError(`publish.theme.${key} ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (!info.isFile()) throw new ThemeError(`publish.theme.${key} ${file}: not a file`);
  if (info.size > max) throw new ThemeError(`publish.theme.${key} ${file}: larger than ${max / 1024} KB`);
  return readFile(file);
}

/** The theme of `publish.theme`: colours checked, the logo and the extra stylesheet read. */
export async function loadTheme(config: ThemeConfig): Promise<Theme> {
  const theme: Theme = resolveColours(config);
  if (config.logo !== undefined) {
    const type = LOGO_TYPES[path.extname(config.logo).toLowerCase()];
    if (!type) throw new ThemeError(`publish.theme.logo ${config.logo}: not an image the site can show (${Object.keys(LOGO_TYPES).join(', ')})`);
    theme.logo = { path: paths.logo(type), bytes: new Uint8Array(await themeFile('logo', config.logo, MAX_LOGO)) };
  }
  if (config.stylesheet !== undefined) {
    const bytes = await themeFile('stylesheet', config.stylesheet, MAX_STYLESHEET);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (text.includes('\uFFFD') || text.includes('\u0000')) throw new ThemeError(`publish.theme.stylesheet ${config.stylesheet}: not a UTF-8 text file`);
    theme.stylesheet = text;
  }
  return theme;
}

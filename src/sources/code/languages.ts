import type { LanguageModule } from './model.js';
import { python } from './python.js';
import { go } from './go.js';

/** The languages of the code source, one module each. Add a language by adding its module here. */
export const LANGUAGES: LanguageModule[] = [python, go];

export function languageOf(file: string): LanguageModule | undefined {
  return LANGUAGES.find((l) => l.files.test(file));
}

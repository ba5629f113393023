import { csharp } from './csharp.js';
import { go } from './go.js';
import { java } from './java.js';
import { kotlin } from './kotlin.js';
import type { LanguageModule } from './model.js';
import { php } from './php.js';
import { python } from './python.js';
import { ruby } from './ruby.js';

/** The languages of the code source, one module each. Add a language by adding its module here. */
export const LANGUAGES: LanguageModule[] = [python, go, java, kotlin, ruby, php, csharp];

export function languageOf(file: string): LanguageModule | undefined {
  return LANGUAGES.find((l) => l.files.test(file));
}

/**
 * Where the PDF's font is: `REPORTING_FONT_DIR` if set; `fonts/` beside the running module (a Lambda
 * bundle, where the manifest's `bundleFiles` put it); else the `dejavu-fonts-ttf` package.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

export function fontDir(): string {
  if (process.env.REPORTING_FONT_DIR) return process.env.REPORTING_FONT_DIR;
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
  if (existsSync(join(beside, FONT_FILES[0]))) return beside;
  return dirname(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES[0]}`));
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * DejaVu Sans, regular and bold, as the bytes pdfkit embeds. The PDF's 14 standard fonts only
 * cover Latin-1 (WinAnsi), so "Łódź", "Šiaulių" or a Greek company name would print as garbage;
 * DejaVu covers Latin, Greek and Cyrillic. The files are read once per process and shared by
 * every document; pdfkit embeds only the glyphs a document uses.
 */
export interface LetterFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

let loaded: LetterFonts | null = null;

export function letterFonts(): LetterFonts {
  if (loaded === null) {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    loaded = { regular: read('DejaVuSans.ttf'), bold: read('DejaVuSans-Bold.ttf') };
  }
  return loaded;
}

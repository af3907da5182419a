import { describe, expect, it } from 'vitest';
import { fileNameFrom } from './download-file';

describe('fileNameFrom', () => {
  it('reads the quoted name the API sends', () => {
    expect(fileNameFrom('attachment; filename="INV-000042.xml"')).toBe('INV-000042.xml');
  });

  it('prefers the UTF-8 name over the plain one', () => {
    expect(
      fileNameFrom(
        `attachment; filename="statement-_od_-2026-01-31.pdf"; filename*=UTF-8''statement-%C5%81%C3%B3d%C5%BA-2026-01-31.pdf`,
      ),
    ).toBe('statement-Łódź-2026-01-31.pdf');
  });

  it('reads an unquoted name and unescapes a quoted one', () => {
    expect(fileNameFrom('attachment; filename=aging-2026-01-31.csv')).toBe('aging-2026-01-31.csv');
    expect(fileNameFrom('attachment; filename="a \\"b\\".pdf"')).toBe('a "b".pdf');
  });

  it('keeps only the last path segment, and gives up on none', () => {
    expect(fileNameFrom('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFrom('attachment; filename=".."')).toBeUndefined();
    expect(fileNameFrom('attachment')).toBeUndefined();
    expect(fileNameFrom(null)).toBeUndefined();
  });

  it('falls back to the plain name when the UTF-8 one is malformed', () => {
    expect(fileNameFrom(`attachment; filename="x.pdf"; filename*=UTF-8''%E0%A4%A.pdf`)).toBe(
      'x.pdf',
    );
  });
});
